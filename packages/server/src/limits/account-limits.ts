import { whenReady, type Awaitable } from '../awaitable.js';
import type { RateLimit } from './rate-limiter.js';

/** Per-account QPS set by an administrator, by rate group (an action name, or `messaging`). */
export type RateLimitOverrides = Readonly<Record<string, number>>;

export interface AccountLimitsOptions {
  /** Multiplies every limit, server-wide (`RTC_RATE_LIMIT_SCALE`), so that load tests can run past them. */
  scale: number;
  /** Where an account's overrides come from (identity); absent = catalog limits only. */
  overridesFor?: (accountId: string) => Awaitable<RateLimitOverrides | undefined>;
  /** How long an account's overrides are reused before being read again, so the hot path stays off the database. */
  cacheMs?: number;
}

interface CachedOverrides {
  overrides: RateLimitOverrides | undefined;
  expiresAt: number;
}

/**
 * The limit that applies to an account's rate group: the catalog QPS, or the account's override, times the scale.
 * The burst is one second's worth, so a caller may send its whole per-second budget at once but never more.
 */
export class AccountLimits {
  private readonly cache = new Map<string, CachedOverrides>();
  private readonly cacheMs: number;

  constructor(private readonly options: AccountLimitsOptions) {
    if (!(options.scale > 0)) throw new RangeError(`rate limit scale must be positive, got ${options.scale}`);
    this.cacheMs = options.cacheMs ?? 5000;
  }

  /** At once while the account's overrides are cached (or there is no source of them). */
  limitFor(accountId: string, rateGroup: string, catalogQps: number, nowMs: number): Awaitable<RateLimit> {
    return whenReady(this.overrides(accountId, nowMs), (overrides) => {
      const qps = overrides?.[rateGroup] ?? catalogQps;
      const ratePerSecond = qps * this.options.scale;
      return { ratePerSecond, burst: Math.max(1, Math.floor(ratePerSecond)) };
    });
  }

  /** Forget cached overrides (after an administrator changes them on this node). */
  forget(accountId?: string): void {
    if (accountId === undefined) this.cache.clear();
    else this.cache.delete(accountId);
  }

  private overrides(accountId: string, nowMs: number): Awaitable<RateLimitOverrides | undefined> {
    const source = this.options.overridesFor;
    if (!source) return undefined;
    const cached = this.cache.get(accountId);
    if (cached && cached.expiresAt > nowMs) return cached.overrides;
    return whenReady(source(accountId), (overrides) => {
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(accountId, { overrides, expiresAt: nowMs + this.cacheMs });
      return overrides;
    });
  }
}

/** Reads `RTC_RATE_LIMIT_SCALE`; a value that is not a positive number is a configuration error, named. */
export function rateLimitScaleFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 1;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`RTC_RATE_LIMIT_SCALE must be a positive number, got "${value}"`);
  }
  return scale;
}
