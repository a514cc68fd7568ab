/** What `/metrics` shows of one cache: never its keys or values (some hold decrypted secrets). */
export interface CacheStats {
  name: string;
  entries: number;
  hits: number;
  misses: number;
}

/** A cache the registry can report on. */
export interface MeasuredCache {
  readonly name: string;
  stats(): CacheStats;
}

/**
 * The caches of one server (or one admin CLI run), by name, in the order they were made: `/metrics` prints each one's
 * size, hits and misses. `openServices` makes one and hands it to every service that caches.
 */
export class CacheRegistry {
  readonly #caches = new Map<string, MeasuredCache>();

  /** Refuses a second cache of the same name: their series would add up under one label. */
  add(cache: MeasuredCache): void {
    if (this.#caches.has(cache.name)) throw new Error(`a cache named ${cache.name} is registered already`);
    this.#caches.set(cache.name, cache);
  }

  stats(): CacheStats[] {
    return [...this.#caches.values()].map((cache) => cache.stats());
  }
}
