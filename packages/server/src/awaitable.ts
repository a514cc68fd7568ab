/**
 * A value now, or a promise of it later. The gateway's stages and the services under them answer synchronously when
 * what they need is in memory (a cached key, an in-memory rate budget), so that the common request makes no
 * event-loop hop between stages; a store that must go to the network (PostgreSQL, Redis) answers with a promise.
 */
export type Awaitable<T> = T | Promise<T>;

/** `next(value)` now when the value is here, or once it arrives. A synchronous throw from `next` stays synchronous. */
export function whenReady<T, U>(value: Awaitable<T>, next: (value: T) => Awaitable<U>): Awaitable<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
