import { RtcValidationError } from '../errors/rtc-validation-error.js';

export interface RateLimiterOptions {
  /**
   * How much of a second's budget may go out at once after a quiet spell, in ms of budget. Default 100: a group
   * at 60 QPS may send 6 calls back to back, then one every 1/60 s. Any one-second window then holds at most
   * QPS + burst calls.
   */
  burstMs?: number;
  /** QPS overrides by rate group (an action name, or `messaging`), for accounts with raised limits. */
  qps?: Readonly<Record<string, number>>;
}

/** A slot handed out by the limiter: wait `delayMs`, then send; `cancel()` gives the slot back when not used. */
export interface RateSlot {
  delayMs: number;
  cancel(): void;
}

interface Bucket {
  /** Time at which the bucket is empty again if nothing else is taken (GCRA "theoretical arrival time"). */
  tat: number;
  intervalMs: number;
  toleranceMs: number;
}

/**
 * Token buckets keyed by an opaque string (the client uses origin + access key id + rate group), refilled at the
 * group's QPS. Taking never fails: a caller is told how long to wait for its slot, so callers are served in order.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burstMs: number;
  private readonly overrides: Readonly<Record<string, number>>;

  constructor(
    options: RateLimiterOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.burstMs = options.burstMs ?? 100;
    if (!Number.isFinite(this.burstMs) || this.burstMs < 0) {
      throw new RtcValidationError('throttle.burstMs', 'throttle.burstMs must be a number of at least 0');
    }
    this.overrides = { ...options.qps };
    for (const [group, qps] of Object.entries(this.overrides)) {
      if (!Number.isFinite(qps) || qps <= 0) {
        throw new RtcValidationError(`throttle.qps.${group}`, `throttle.qps.${group} must be a positive number`);
      }
    }
  }

  /** The QPS that applies to a rate group: an override, else the catalog's. */
  qpsFor(rateGroup: string, catalogQps: number): number {
    return this.overrides[rateGroup] ?? catalogQps;
  }

  take(key: string, rateGroup: string, catalogQps: number): RateSlot {
    const qps = this.qpsFor(rateGroup, catalogQps);
    let bucket = this.buckets.get(key);
    const intervalMs = 1000 / qps;
    const toleranceMs = Math.max(0, Math.floor((qps * this.burstMs) / 1000) - 1) * intervalMs;
    if (bucket === undefined) {
      bucket = { tat: 0, intervalMs, toleranceMs };
      this.buckets.set(key, bucket);
    } else if (bucket.intervalMs !== intervalMs) {
      // Versions of one action may document different QPS; the newest call's figure applies from here on.
      bucket.intervalMs = intervalMs;
      bucket.toleranceMs = toleranceMs;
    }
    const now = this.now();
    const start = Math.max(bucket.tat, now);
    const delayMs = Math.max(0, start - toleranceMs - now);
    const reserved = start + intervalMs;
    bucket.tat = reserved;
    const owner = bucket;
    return {
      delayMs,
      cancel: () => {
        // Only the newest reservation can be handed back without reordering those behind it.
        if (owner.tat === reserved) owner.tat -= owner.intervalMs;
      },
    };
  }
}

/** The limiter every client uses unless given its own: clients sharing a credential share its budget. */
export const sharedRateLimiter = new RateLimiter();
