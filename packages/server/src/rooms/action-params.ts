import { isValidId } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';

/**
 * Readers for action params. The gateway has validated them against the catalog already; these keep each
 * handler honest on its own (and name the field) when called some other way.
 */
export function requiredString(params: Record<string, unknown>, name: string): string {
  const v = params[name];
  if (v === undefined || v === null || v === '') throw new ApiError('MissingParameter', `${name} is required`);
  if (typeof v !== 'string') throw new ApiError('InvalidParameter', `${name} must be a string`);
  return v;
}

export function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ApiError('InvalidParameter', `${name} must be a string`);
  return v;
}

export function requiredId(params: Record<string, unknown>, name: string): string {
  const v = requiredString(params, name);
  if (!isValidId(v)) throw new ApiError('InvalidParameter', `${name} must match [a-zA-Z0-9_@.-]{1,128}`);
  return v;
}

export function optionalId(params: Record<string, unknown>, name: string): string | undefined {
  const v = optionalString(params, name);
  if (v !== undefined && !isValidId(v))
    throw new ApiError('InvalidParameter', `${name} must match [a-zA-Z0-9_@.-]{1,128}`);
  return v;
}

export function optionalBoolean(params: Record<string, unknown>, name: string): boolean | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (typeof v !== 'boolean') throw new ApiError('InvalidParameter', `${name} must be a boolean`);
  return v;
}

export function optionalInteger(params: Record<string, unknown>, name: string): number | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw new ApiError('InvalidParameter', `${name} must be an integer`);
  return n;
}

/** The status result of a room action: `message` (lower case) in 2020-12-01, `Message` later (catalog 1.3). */
export function statusResult(version: string, text: string): Record<string, string> {
  return version === '2020-12-01' ? { message: text } : { Message: text };
}
