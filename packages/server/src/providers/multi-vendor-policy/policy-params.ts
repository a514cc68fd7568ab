import { isValidId } from '@rtc-openapi/api';
import { ApiError } from '../../errors/api-error.js';
import type { FailRecoveryOrder } from '../../vendor-policies/vendor-policy-store.js';

/** RoomID and BusinessID follow the catalog's ID rule (the generated schema does not mark these SDK spellings). */
export function idParam(value: string, field: string): string {
  if (!isValidId(value)) {
    throw new ApiError('InvalidParameter', `${field} must be 1 to 128 characters from a-z A-Z 0-9 @ . _ -`);
  }
  return value;
}

const VENDOR = /^[A-Za-z0-9_.-]{1,64}$/;

/** A vendor (line) name: 1 to 64 characters from a-z A-Z 0-9 _ . - */
export function vendorParam(value: string, field: string): string {
  if (!VENDOR.test(value))
    throw new ApiError('InvalidParameter', `${field} must be 1 to 64 characters from a-z A-Z 0-9 _ . -`);
  return value;
}

/** Most vendors one split may name. */
export const MAX_VENDORS = 10;

/**
 * `VendorProportion`: JSON text of an object mapping 1 to 10 vendor names to whole-number shares (0 to 100) that
 * add up to 100, e.g. {"vendorA":50,"vendorB":50}. Answers the text normalised (no spaces, the order given).
 */
export function vendorProportionParam(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError('InvalidParameter', 'VendorProportion must be JSON text such as {"vendorA":50,"vendorB":50}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('InvalidParameter', 'VendorProportion must be a JSON object mapping vendor to share');
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_VENDORS) {
    throw new ApiError('InvalidParameter', `VendorProportion must name 1 to ${MAX_VENDORS} vendors`);
  }
  let total = 0;
  for (const [vendor, share] of entries) {
    if (!VENDOR.test(vendor)) {
      throw new ApiError(
        'InvalidParameter',
        'VendorProportion vendor names are 1 to 64 characters from a-z A-Z 0-9 _ . -',
      );
    }
    if (typeof share !== 'number' || !Number.isInteger(share) || share < 0 || share > 100) {
      throw new ApiError(
        'InvalidParameter',
        `VendorProportion share of ${vendor} must be a whole number from 0 to 100`,
      );
    }
    total += share;
  }
  if (total !== 100) throw new ApiError('InvalidParameter', `VendorProportion shares must add up to 100, not ${total}`);
  return JSON.stringify(Object.fromEntries(entries));
}

/** A policy's record id: a positive integer. */
export function recordIdParam(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new ApiError('InvalidParameter', 'ID must be a positive integer');
  return id;
}

/** 0 to 100. */
export function percentageParam(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new ApiError('InvalidParameter', 'RecoveryPercentage must be a whole number from 0 to 100');
  }
  return value;
}

const ORDERS: readonly FailRecoveryOrder[] = ['updateTime', 'createTime', 'id'];

/** OrderBy: updateTime (default, newest first), createTime (newest first) or id (ascending). */
export function orderParam(value: string): FailRecoveryOrder {
  if (value === '') return 'updateTime';
  const order = ORDERS.find((o) => o.toLowerCase() === value.toLowerCase());
  if (order === undefined) throw new ApiError('InvalidParameter', `OrderBy must be one of ${ORDERS.join(', ')}`);
  return order;
}
