import { RecordError } from '../store/record-error.js';

/** Reads of untrusted admin input (a JSON body or query string): each failure names its field. */

export function inputObject(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new RecordError('invalid', 'the request body must be a JSON object', 'body');
  }
  return value as Record<string, unknown>;
}

export function requiredText(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (value === undefined || value === null || value === '') {
    throw new RecordError('invalid', `${field} is required`, field);
  }
  if (typeof value !== 'string') throw new RecordError('invalid', `${field} must be a string`, field);
  return value;
}

export function optionalText(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new RecordError('invalid', `${field} must be a string`, field);
  return value;
}

export function optionalBoolean(input: Record<string, unknown>, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new RecordError('invalid', `${field} must be true or false`, field);
}

export function requiredBoolean(input: Record<string, unknown>, field: string): boolean {
  const value = optionalBoolean(input, field);
  if (value === undefined) throw new RecordError('invalid', `${field} is required (true or false)`, field);
  return value;
}

export function optionalInteger(
  input: Record<string, unknown>,
  field: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = input[field];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' && /^-?[0-9]+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new RecordError('invalid', `${field} must be an integer from ${range.min} to ${range.max}`, field);
  }
  return value;
}

export function requiredNumber(input: Record<string, unknown>, field: string): number {
  const raw = input[field];
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RecordError('invalid', `${field} is required and must be a number`, field);
  }
  return value;
}

export function optionalTextList(input: Record<string, unknown>, field: string): string[] | undefined {
  const raw = input[field];
  if (raw === undefined || raw === null) return undefined;
  const list =
    typeof raw === 'string'
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : raw;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new RecordError('invalid', `${field} must be a list of strings`, field);
  }
  return list as string[];
}

export function optionalTime(input: Record<string, unknown>, field: string): Date | undefined {
  const raw = input[field];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const date =
    typeof raw === 'number' || (typeof raw === 'string' && /^[0-9]+$/.test(raw))
      ? new Date(Number(raw))
      : typeof raw === 'string'
        ? new Date(raw)
        : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new RecordError('invalid', `${field} must be an ISO 8601 time or milliseconds since 1970`, field);
  }
  return date;
}

export function oneOf<T extends string>(input: Record<string, unknown>, field: string, values: readonly T[]): T {
  const value = input[field];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw new RecordError('invalid', `${field} must be one of ${values.join(', ')}`, field);
  }
  return value as T;
}
