import { actionSpecs, type ActionSpec } from '@rtc-openapi/api';
import type { Awaitable } from '../awaitable.js';
import type { CallContext, Provider } from './provider.js';

/** The handler stage's view of one action-version: untyped at this boundary, typed inside its provider. */
export type BoundHandler = (
  call: { version: string; params: Record<string, unknown> },
  ctx: CallContext,
) => Awaitable<unknown>;

/** The handler of each catalogued action-version, keyed by its spec object. */
export type ActionTable = ReadonlyMap<ActionSpec, BoundHandler>;

/**
 * Built once at start-up from the catalog and the providers (fastify's way: the route is compiled at registration,
 * not on the first request). The server does not start when a catalogued action-version has no handler, or when a
 * provider registers an action of another area, an action the catalog does not know, or an area another provider
 * serves already: every action-version the gateway lets through reaches a real handler.
 */
export function buildActionTable(
  providers: readonly Provider[],
  specs: readonly ActionSpec[] = actionSpecs,
): ActionTable {
  const areaOf = new Map(specs.map((spec) => [spec.action, spec.area]));
  const handlers = new Map<string, BoundHandler>();
  const areas = new Set<string>();
  for (const provider of providers) {
    if (areas.has(provider.area)) throw new Error(`two providers serve the catalog area ${provider.area}`);
    areas.add(provider.area);
    for (const [action, handler] of Object.entries(provider.handlers)) {
      if (handler === undefined) continue;
      const area = areaOf.get(action);
      if (area === undefined)
        throw new Error(`provider ${provider.area} registers ${action}, which the catalog does not list`);
      if (area !== provider.area) {
        throw new Error(`provider ${provider.area} registers ${action}, an action of the ${area} area`);
      }
      // The gateway validated the params against this very spec, which is what the typed signature promises.
      handlers.set(action, handler as unknown as BoundHandler);
    }
  }
  const missing = specs.filter((spec) => !handlers.has(spec.action));
  if (missing.length > 0) {
    const names = [...new Set(missing.map((spec) => `${spec.action} (${spec.area})`))];
    throw new Error(`every catalogued action needs a handler; none for ${names.join(', ')}`);
  }
  return new Map(specs.map((spec) => [spec, handlers.get(spec.action)!]));
}
