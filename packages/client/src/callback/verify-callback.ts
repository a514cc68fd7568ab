import { createHash, timingSafeEqual } from 'node:crypto';
import { RtcValidationError } from '../errors/rtc-validation-error.js';

/** The signed fields of an RTC event callback body (catalog section 4.3). */
export interface CallbackFields {
  EventType: string;
  EventData: string;
  EventTime: string;
  EventId: string;
  AppId: string;
  Version: string;
  Nonce: string;
}

const SIGNED_FIELDS = ['EventType', 'EventData', 'EventTime', 'EventId', 'AppId', 'Version'] as const;

/**
 * The signature of a callback (catalog section 4.4): lower-case hex SHA-256 over the field values and the secret,
 * sorted byte-wise and concatenated. A plain hash, not an HMAC.
 */
export function callbackSignature(fields: CallbackFields, secretKey: string): string {
  const values = [...SIGNED_FIELDS.map((name) => fields[name]), fields.Nonce, secretKey];
  values.sort(compareBytes);
  const hash = createHash('sha256');
  for (const value of values) hash.update(value, 'utf8');
  return hash.digest('hex');
}

/**
 * Checks an RTC event callback. `body` is the raw request body (string or bytes) or the parsed object. The nonce is
 * read from `Nonce` or, as some pages spell it, `Noce`. Returns false for a wrong signature; throws
 * RtcValidationError naming the field when the body lacks a signed field.
 */
export function verifyCallback(
  body: string | Uint8Array | Readonly<Record<string, unknown>>,
  secretKey: string,
): boolean {
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    throw new RtcValidationError('secretKey', 'secretKey must be a non-empty string');
  }
  const object = toObject(body);
  const fields = {} as Record<string, string>;
  for (const name of SIGNED_FIELDS) fields[name] = stringField(object, name);
  fields.Nonce = 'Noce' in object && !('Nonce' in object) ? stringField(object, 'Noce') : stringField(object, 'Nonce');
  const given = stringField(object, 'Signature');
  const expected = Buffer.from(callbackSignature(fields as unknown as CallbackFields, secretKey), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function toObject(body: string | Uint8Array | Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      throw new RtcValidationError('body', 'callback body is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RtcValidationError('body', 'callback body is not a JSON object');
    }
    return parsed as Record<string, unknown>;
  }
  if (typeof body !== 'object' || body === null) throw new RtcValidationError('body', 'callback body is missing');
  return body;
}

function stringField(object: Readonly<Record<string, unknown>>, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') throw new RtcValidationError(name, `callback body field ${name} must be a string`);
  return value;
}

// Go's sort.Strings compares bytes; JS string comparison compares UTF-16 units, which orders some non-BMP
// characters differently, so compare the UTF-8 encodings.
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
