/** How much of a budget a key may draw: a sustained rate and how many requests may arrive at once. */
export interface RateLimit {
  /** Requests per second, sustained. */
  ratePerSecond: number;
  /** Requests that may arrive back to back before the rate applies (at least 1). */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Admits or refuses one request against a named budget. In-memory for one node; a shared store (Redis) for many.
 * Asynchronous so that a networked implementation fits the same interface.
 */
export interface RateLimiter {
  take(key: string, limit: RateLimit, nowMs: number): Promise<RateDecision>;
  close(): Promise<void>;
}
