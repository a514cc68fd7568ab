import {
  actionNames,
  type ActionName,
  type ActionVersion,
  type LatestVersion,
  type ParamsOf,
  type ResultOf,
} from '@rtc-openapi/api';
import type { CallOptions } from './call-options.js';

/**
 * `client.StartRecord(params, { version })`: the newest version unless `options.version` pins another. Params may
 * be left out when the newest version requires none (a pinned version's required fields are still checked when
 * called).
 */
export type ActionMethod<A extends ActionName> =
  Record<string, never> extends ParamsOf<A>
    ? <V extends ActionVersion<A> = LatestVersion<A>>(
        params?: ParamsOf<A, V>,
        options?: CallOptions<V>,
      ) => Promise<ResultOf<A, V>>
    : <V extends ActionVersion<A> = LatestVersion<A>>(
        params: ParamsOf<A, V>,
        options?: CallOptions<V>,
      ) => Promise<ResultOf<A, V>>;

/** One method per catalogued action, named as the action. */
export type ActionMethods = { readonly [A in ActionName]: ActionMethod<A> };

interface Caller {
  call(action: string, params?: unknown, options?: CallOptions): Promise<unknown>;
}

/** Puts a method per catalogued action on the prototype; each is `call` with the action filled in. */
export function installActionMethods(prototype: object): void {
  for (const action of actionNames) {
    if (Object.prototype.hasOwnProperty.call(prototype, action)) {
      throw new Error(`action ${action} collides with a client method`);
    }
    Object.defineProperty(prototype, action, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: {
        // A named function per action keeps stack traces readable.
        [action](this: Caller, params?: unknown, options?: CallOptions): Promise<unknown> {
          return this.call(action, params, options);
        },
      }[action],
    });
  }
}
