import type { ActionContext, ActionHandlers } from '../actions/action-handler.js';
import { notImplemented } from '../actions/not-implemented.js';

/** The handler stage: the action's handler, or the documented NotImplemented answer for one not built yet. */
export function dispatch(
  handlers: ActionHandlers,
  params: Record<string, unknown>,
  ctx: ActionContext,
): unknown | Promise<unknown> {
  const handler = Object.hasOwn(handlers, ctx.spec.action) ? handlers[ctx.spec.action]! : notImplemented;
  return handler(params, ctx);
}
