import type { IdentityGate, ResolvedAccessKey } from '../identity/principal.js';

type Resolved = ResolvedAccessKey | undefined;

interface Entry {
  value: Promise<Resolved>;
  expiresAt: number;
}

/**
 * Remembers access-key lookups for a moment so that a busy caller costs one database read per key per `ttlMs`, not
 * one per request. Unknown keys are remembered too (a stream of bad keys must not become a stream of reads). A key
 * disabled or deleted through this node is forgotten at once; through another node, it stops working within `ttlMs`.
 */
export class AccessKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly gate: Pick<IdentityGate, 'resolveAccessKey'>,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 10_000,
  ) {}

  resolve(accessKeyId: string, nowMs: number): Promise<Resolved> {
    const hit = this.entries.get(accessKeyId);
    if (hit && hit.expiresAt > nowMs) return hit.value;
    const value = this.gate.resolveAccessKey(accessKeyId);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(accessKeyId, { value, expiresAt: nowMs + this.ttlMs });
    // A failed lookup (database error) must not be served from the cache.
    value.catch(() => this.entries.delete(accessKeyId));
    return value;
  }

  forget(accessKeyId?: string): void {
    if (accessKeyId === undefined) this.entries.clear();
    else this.entries.delete(accessKeyId);
  }
}
