import type { ActionHandlers } from './action-handler.js';

/**
 * Every domain's handlers, merged. An action listed by two domains is a wiring mistake, reported at start-up rather
 * than resolved by whichever spreads last.
 */
export function mergeActionHandlers(...domains: readonly ActionHandlers[]): ActionHandlers {
  const merged: Record<string, ActionHandlers[string]> = {};
  for (const handlers of domains) {
    for (const [action, handler] of Object.entries(handlers)) {
      if (Object.hasOwn(merged, action)) throw new Error(`two domains register a handler for ${action}`);
      merged[action] = handler;
    }
  }
  return Object.freeze(merged);
}
