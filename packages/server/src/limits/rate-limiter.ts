import type { Awaitable } from '../awaitable.js';

/** How much of a budget a key may draw: a sustained rate and how many requests may arrive at once. */
export interface RateLimit {
  /** Requests per second, sustained. */
  ratePerSecond: number;
  /** Requests that may arrive back to back before the rate applies (at least 1). */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Admits or refuses one request against a named budget. In-memory for one node (answers at once); a shared store
 * (Redis) for many (answers with a promise).
 */
export interface RateLimiter {
  take(key: string, limit: RateLimit, nowMs: number): Awaitable<RateDecision>;
  close(): Promise<void>;
}
