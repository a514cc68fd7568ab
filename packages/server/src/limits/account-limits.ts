import { whenReady, type Awaitable } from '../awaitable.js';
import type { RateLimit } from './rate-limiter.js';

/** Per-account QPS set by an administrator, by rate group (an action name, or `messaging`). */
export type RateLimitOverrides = Readonly<Record<string, number>>;

export interface AccountLimitsOptions {
  /** Multiplies every limit, server-wide (`RTC_RATE_LIMIT_SCALE`), so that load tests can run past them. */
  scale: number;
  /**
   * Where an account's overrides come from; absent = catalog limits only. Asked on every call: the source caches
   * (identity does, and drops an entry when an administrator changes it).
   */
  overridesFor?: (accountId: string) => Awaitable<RateLimitOverrides | undefined>;
}

/**
 * The limit that applies to an account's rate group: the catalog QPS, or the account's override, times the scale.
 * The burst is one second's worth, so a caller may send its whole per-second budget at once but never more.
 */
export class AccountLimits {
  constructor(private readonly options: AccountLimitsOptions) {
    if (!(options.scale > 0)) throw new RangeError(`rate limit scale must be positive, got ${options.scale}`);
  }

  /** At once when the overrides are (or there is no source of them). */
  limitFor(accountId: string, rateGroup: string, catalogQps: number): Awaitable<RateLimit> {
    return whenReady(this.options.overridesFor?.(accountId), (overrides) => {
      const qps = overrides?.[rateGroup] ?? catalogQps;
      const ratePerSecond = qps * this.options.scale;
      return { ratePerSecond, burst: Math.max(1, Math.floor(ratePerSecond)) };
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
