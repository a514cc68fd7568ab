import { parseRfc3339 } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';

/** A required RFC 3339 time param, in ms; an impossible date (2024-02-30) is refused, not rolled over. */
export function timeParam(value: string, field: string): number {
  if (value === '') throw new ApiError('MissingParameter', `${field} is required`);
  const ms = parseRfc3339(value);
  if (ms === undefined) {
    throw new ApiError('InvalidParameter', `${field} must be a real RFC 3339 time such as 2024-01-01T00:00:00Z`);
  }
  return ms;
}

/** RFC 3339 in UTC, whole seconds (the catalog's "RFC3339 time; unit s"). */
export function formatRfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface QueryWindow {
  start: number;
  end: number;
}

/**
 * The time window of a usage query. Start after end is an error (InvalidParameter.StartTimeAfterEndTime); a span
 * over the limit is clamped to start + limit and a start before the look-back is raised to it, both silently, as
 * the catalog documents for the service (section 1.3).
 */
export function queryWindow(
  params: { StartTime: string; EndTime: string },
  rule: { maxSpanMs: number; lookBackMs?: number },
  now: number,
): QueryWindow {
  let start = timeParam(params.StartTime, 'StartTime');
  let end = timeParam(params.EndTime, 'EndTime');
  if (start > end) throw new ApiError('InvalidParameter.StartTimeAfterEndTime', 'StartTime is after EndTime');
  end = Math.min(end, start + rule.maxSpanMs);
  if (rule.lookBackMs !== undefined) start = Math.max(start, now - rule.lookBackMs);
  return { start, end: Math.max(end, start) };
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** PageNum (1-based, default 1) and PageSize (default 20, larger than 100 clamped to 100). */
export function paging(params: { PageNum?: number; PageSize?: number }): { pageNum: number; pageSize: number } {
  const num = params.PageNum ?? 1;
  const size = params.PageSize ?? 20;
  if (num < 1) throw new ApiError('InvalidParameter', 'PageNum must be 1 or more');
  if (size < 1) throw new ApiError('InvalidParameter', 'PageSize must be 1 or more');
  return { pageNum: num, pageSize: Math.min(size, 100) };
}
