import { isValidId } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';

// Small checks for what the catalog schema cannot say; each failure names the field (InvalidParameter).

export const invalid = (field: string, rule: string): ApiError => new ApiError('InvalidParameter', `${field} ${rule}`);

export function oneOf<T extends string | number>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw invalid(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function intIn(field: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer in [${min}, ${max}]`);
  }
  return value;
}

export function numberIn(field: string, value: unknown, min: number, max: number, openMin = false): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value > max ||
    value < min ||
    (openMin && value === min)
  ) {
    throw invalid(field, `must be a number in ${openMin ? '(' : '['}${min}, ${max}]`);
  }
  return value;
}

export function str(field: string, value: unknown, { required = false, max = 4096 } = {}): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (required && value === '') throw invalid(field, 'must not be empty');
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  return value;
}

export function bool(field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(field, 'must be a boolean');
  return value;
}

export function obj(field: string, value: unknown, required = false): Record<string, unknown> | undefined {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(field, 'must be an object');
  return value as Record<string, unknown>;
}

export function strings(field: string, value: unknown, maxItems = 1000): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(field, 'must be an array of strings');
  if (value.length > maxItems) throw invalid(field, `must have at most ${maxItems} items`);
  value.forEach((v, i) => {
    if (typeof v !== 'string') throw invalid(`${field}[${i}]`, 'must be a string');
  });
  return value as string[];
}

export function userId(field: string, value: unknown): string {
  const s = str(field, value, { required: true, max: 128 })!;
  if (!isValidId(s)) throw invalid(field, 'must be 1-128 of letters, digits and _@-.');
  return s;
}

/**
 * A URL this server will POST to: http or https with a host (the real service wants a domain and valid TLS; local
 * development uses 127.0.0.1, so IP hosts are accepted here, our choice).
 */
export function httpUrl(field: string, value: unknown, required = false): string | undefined {
  const s = str(field, value, { required, max: 2048 });
  if (s === undefined || s === '') {
    if (required) throw invalid(field, 'is required');
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw invalid(field, 'must be an http(s) URL');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') {
    throw invalid(field, 'must be an http(s) URL');
  }
  return s;
}

/** Keys of `value` that `known` does not list (a runtime 1000002 for the agent, not a refusal). */
export function unknownKeys(prefix: string, value: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(value)
    .filter((k) => !known.includes(k))
    .map((k) => `${prefix}.${k}`);
}
