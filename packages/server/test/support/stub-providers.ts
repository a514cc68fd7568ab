// Providers made of test handlers, for gateway tests that need an action to answer something exact (including
// answers the catalog would refuse, which the envelope stage must survive).
import { actionSpecs, type ActionArea } from '@rtc-openapi/api';
import type { Provider } from '../../src/providers/provider.js';
import type { CallContext } from '../../src/providers/provider.js';

/** A test handler sees the params as the gateway hands them over. */
export type StubHandler = (params: Record<string, unknown>, ctx: CallContext) => unknown;

/** The handlers grouped into one provider per catalog area, as the action table expects them. */
export function stubProviders(handlers: Readonly<Record<string, StubHandler>>): Provider[] {
  const byArea = new Map<ActionArea, Record<string, unknown>>();
  for (const [action, handler] of Object.entries(handlers)) {
    const spec = actionSpecs.find((s) => s.action === action);
    if (!spec) throw new Error(`${action} is not a catalogued action`);
    const area = byArea.get(spec.area) ?? {};
    area[action] = (call: { params: Record<string, unknown> }, ctx: CallContext) => handler(call.params, ctx);
    byArea.set(spec.area, area);
  }
  return [...byArea].map(([area, areaHandlers]) => ({ area, handlers: areaHandlers }) as Provider);
}
