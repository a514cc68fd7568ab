// Providers made of test handlers, for tests that need an action to answer something exact (including answers the
// catalog would refuse, which the envelope stage must survive), completed so that the action table accepts them:
// every catalogued action a test does not serve answers `{ Stub: <Action> }` (HTTP 200, code OK), which tells a
// gateway test that a call got through every stage to its handler.
import { actionSpecs, type ActionArea } from '@rtc-openapi/api';
import type { CallContext, Provider } from '../../src/providers/provider.js';

/** A test handler sees the params as the gateway hands them over. */
export type StubHandler = (params: Record<string, unknown>, ctx: CallContext) => unknown;

type AnyHandler = (call: { params: Record<string, unknown> }, ctx: CallContext) => unknown;

/** The handlers grouped into one provider per catalog area; every other catalogued action answers a stub. */
export function stubProviders(handlers: Readonly<Record<string, StubHandler>>): Provider[] {
  const given: Record<string, AnyHandler> = {};
  for (const [action, handler] of Object.entries(handlers)) {
    if (!actionSpecs.some((s) => s.action === action)) throw new Error(`${action} is not a catalogued action`);
    given[action] = (call, ctx) => handler(call.params, ctx);
  }
  return withStubs([], given);
}

/**
 * The test's providers (real ones of a few areas, or partial ones) with stubs for every catalogued action they do
 * not serve, one provider per area: what buildActionTable needs, since it refuses a missing handler.
 */
export function withStubs(
  providers: readonly Provider[],
  extra: Readonly<Record<string, AnyHandler>> = {},
): Provider[] {
  const byArea = new Map<ActionArea, Record<string, unknown>>();
  for (const provider of providers) byArea.set(provider.area, { ...provider.handlers });
  for (const spec of actionSpecs) {
    const handlers = byArea.get(spec.area) ?? {};
    byArea.set(spec.area, handlers);
    handlers[spec.action] ??= extra[spec.action] ?? (() => ({ Stub: spec.action }));
  }
  return [...byArea].map(([area, handlers]) => ({ area, handlers }) as Provider);
}
