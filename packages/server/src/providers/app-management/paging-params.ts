import { ApiError } from '../../errors/api-error.js';

export interface PagingRule {
  fallback: number;
  max?: number;
}

/**
 * ListApps and GetAllBusinessID carry Offset and Limit as strings (catalog 1.3). Absent, empty or "0" (for a limit)
 * means the default; a limit above the maximum is clamped, and the Result's Limit shows the one used.
 */
export function stringNumber(value: string | undefined, field: string, rule: PagingRule): number {
  if (value === undefined || value === '') return rule.fallback;
  if (!/^[0-9]{1,9}$/.test(value)) {
    throw new ApiError('InvalidParameter', `${field} must be a string holding a non-negative integer`);
  }
  return clampPaging(Number(value), rule);
}

/** DescribeNewRtcApps carries them as integers. */
export function integerParam(value: number | undefined, field: string, rule: PagingRule): number {
  if (value === undefined) return rule.fallback;
  if (value < 0) throw new ApiError('InvalidParameter', `${field} must be a non-negative integer`);
  return clampPaging(value, rule);
}

function clampPaging(n: number, rule: PagingRule): number {
  if (rule.max === undefined) return n;
  if (n === 0) return rule.fallback;
  return Math.min(n, rule.max);
}
