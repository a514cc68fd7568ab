import type { RateDecision, RateLimit, RateLimiter } from './rate-limiter.js';

const SWEEP_EVERY = 10_000;

/**
 * GCRA (the generic cell rate algorithm, a token bucket kept as one number per key): the key's "theoretical arrival
 * time" advances by one emission interval per admitted request; a request is refused while that time is more than
 * `burst` intervals ahead of now. Unlike a per-second counter it never admits a second full budget at a window edge:
 * over any span t at most `burst + rate * t` requests pass.
 */
export class MemoryRateLimiter implements RateLimiter {
  /** Per key, its arrival time in an object of its own: an admitted request updates it in place, no Map write. */
  private readonly arrivals = new Map<string, { tat: number }>();
  private takesSinceSweep = 0;

  take(key: string, limit: RateLimit, nowMs: number): RateDecision {
    if (++this.takesSinceSweep >= SWEEP_EVERY) this.sweep(nowMs);
    const interval = 1000 / limit.ratePerSecond;
    const tolerance = interval * Math.max(1, limit.burst);
    const arrival = this.arrivals.get(key);
    const next = Math.max(arrival?.tat ?? nowMs, nowMs) + interval;
    const allowAt = next - tolerance;
    if (nowMs < allowAt) return { allowed: false, retryAfterMs: Math.ceil(allowAt - nowMs) };
    if (arrival) arrival.tat = next;
    else this.arrivals.set(key, { tat: next });
    return { allowed: true };
  }

  close(): Promise<void> {
    this.arrivals.clear();
    return Promise.resolve();
  }

  /** A key whose arrival time has passed holds a full budget, the same as an absent key: drop it. */
  private sweep(nowMs: number): void {
    this.takesSinceSweep = 0;
    for (const [key, { tat }] of this.arrivals) if (tat <= nowMs) this.arrivals.delete(key);
  }
}
