/**
 * A bounded map whose entries expire. The services keep hot-path facts here (identity's decrypted secrets, RTC
 * enablement, policies and app owners; an account's app list) so that a busy caller costs one database read per
 * fact per `ttlMs`; writes through the service drop the entry at once, writes by another process are seen within
 * `ttlMs`.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 10_000,
  ) {}

  get(key: string, nowMs = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > nowMs) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, nowMs = Date.now()): void {
    if (this.ttlMs <= 0) return;
    // Clearing everything at the bound is crude but cheap, and only a flood of distinct keys reaches it.
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, expiresAt: nowMs + this.ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
