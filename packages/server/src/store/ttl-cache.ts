import { whenReady, type Awaitable } from '../awaitable.js';
import type { CacheRegistry, CacheStats, MeasuredCache } from './cache-registry.js';

export interface TtlCacheOptions {
  /** Its label in `/metrics`: the domain and what it holds, e.g. `identity.access_keys`. */
  name: string;
  /** How long an entry lives; 0 caches nothing (every lookup is a miss). */
  ttlMs: number;
  /** The bound: at this many entries the next write starts the cache over. */
  maxEntries: number;
  /** Where `/metrics` finds it. */
  registry: CacheRegistry;
}

/**
 * The server's one cache primitive: a named, bounded map whose entries expire, counting its hits and misses. The
 * services keep hot-path facts here (identity's keys, RTC enablement, policies and rate-limit overrides; each app's
 * facts and each account's app list) so that a busy caller costs one database read per fact per `ttlMs`; writes
 * through the service drop the entry at once, writes by another process are seen within `ttlMs`.
 */
export class TtlCache<V> implements MeasuredCache {
  readonly name: string;
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  #hits = 0;
  #misses = 0;
  /** Counts deletes: a load that was waited for while one happened is answered but not kept (it may be stale). */
  #deletes = 0;

  constructor(options: TtlCacheOptions) {
    if (!(options.maxEntries >= 1)) throw new Error(`cache ${options.name}: maxEntries must be at least 1`);
    this.name = options.name;
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    options.registry.add(this);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, nowMs = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt > nowMs) {
        this.#hits++;
        return entry.value;
      }
      this.#entries.delete(key);
    }
    this.#misses++;
    return undefined;
  }

  /**
   * The cached value, or else `load(key)`'s, kept for `ttlMs` unless it is `undefined` (never cached: an app created
   * a moment ago must not be remembered as missing). A load answering at once is kept at once; one answering with a
   * promise is kept when it arrives, unless an entry was dropped meanwhile. Pass a `load` made once, not a new
   * closure per call: this runs on every request.
   */
  getOrLoad(key: string, load: (key: string) => Awaitable<V>): Awaitable<V>;
  getOrLoad(key: string, load: (key: string) => Awaitable<V | undefined>): Awaitable<V | undefined>;
  getOrLoad(key: string, load: (key: string) => Awaitable<V | undefined>): Awaitable<V | undefined> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const loaded = load(key);
    if (!(loaded instanceof Promise)) {
      if (loaded !== undefined) this.set(key, loaded);
      return loaded;
    }
    const deletes = this.#deletes;
    return whenReady(loaded, (value) => {
      if (value !== undefined && deletes === this.#deletes) this.set(key, value);
      return value;
    });
  }

  set(key: string, value: V, nowMs = Date.now()): void {
    if (this.ttlMs <= 0) return;
    // Clearing everything at the bound is crude but cheap, and only a flood of distinct keys reaches it.
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, { value, expiresAt: nowMs + this.ttlMs });
  }

  delete(key: string): void {
    this.#deletes++;
    this.#entries.delete(key);
  }

  clear(): void {
    this.#deletes++;
    this.#entries.clear();
  }

  stats(): CacheStats {
    return { name: this.name, entries: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }
}
