import { DAY_MS, HOUR_MS } from '../../usage/query-window.js';
import { MINUTE_MS } from '../../usage/time-buckets.js';

/**
 * The windows and steps of the quality and operation data (the catalog documents neither; docs/data-and-tail.md):
 * historical series in the requested granularity over at most 1 day of 5-minute points, 7 days of hourly points or
 * 31 days of daily points; real-time series in 1-minute points over at most 1 hour within the last 24 hours.
 */
export const QUALITY_GRANULARITY = { '5min': 5 * MINUTE_MS, '1d': DAY_MS } as const;
export const OPERATION_GRANULARITY = { '1h': HOUR_MS, '1d': DAY_MS } as const;

export function historicalSpan(stepMs: number): number {
  if (stepMs <= 5 * MINUTE_MS) return DAY_MS;
  if (stepMs <= HOUR_MS) return 7 * DAY_MS;
  return 31 * DAY_MS;
}

export const REALTIME = { stepMs: MINUTE_MS, rule: { maxSpanMs: HOUR_MS, lookBackMs: DAY_MS } } as const;

/** Distributions over time (ListQualityDistribution): daily points over at most 31 days. */
export const DISTRIBUTION = { stepMs: DAY_MS, rule: { maxSpanMs: 31 * DAY_MS } } as const;

/** The legacy ListIndicators: 5-minute points over at most 1 day. */
export const LEGACY = { stepMs: 5 * MINUTE_MS, rule: { maxSpanMs: DAY_MS } } as const;
