import { constantTimeEqual } from '../constant-time.js';
import { SignerArgumentError } from '../signer-argument-error.js';
import { CALLBACK_SIGNED_FIELDS, signCallback } from './sign-callback.js';
import type { CallbackBody, CallbackFields, CallbackVerifyResult } from './types.js';

class MalformedCallback extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks the `Signature` of an RTC event callback body (catalog 4.4) in constant time; its case does not matter.
 * The nonce is read from `Nonce` or, as some pages spell it, `Noce`. A body that lacks a signed field answers
 * `malformed` naming it; only a bad `secretKey` throws (SignerArgumentError).
 */
export function verifyCallbackSignature(body: CallbackBody, secretKey: string): CallbackVerifyResult {
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    throw new SignerArgumentError('secretKey', 'must be a non-empty string');
  }
  let fields: CallbackFields;
  let given: string;
  try {
    const object = toObject(body);
    const read = {} as Record<keyof CallbackFields, string>;
    for (const name of CALLBACK_SIGNED_FIELDS) {
      read[name] = stringField(object, name === 'Nonce' && 'Noce' in object && !('Nonce' in object) ? 'Noce' : name);
    }
    fields = read;
    given = stringField(object, 'Signature');
  } catch (error) {
    if (!(error instanceof MalformedCallback)) throw error;
    return { ok: false, reason: 'malformed', field: error.field, message: error.message };
  }
  return constantTimeEqual(given.toLowerCase(), signCallback(fields, secretKey))
    ? { ok: true }
    : { ok: false, reason: 'bad-signature', message: 'the callback signature does not match the secret key' };
}

function toObject(body: CallbackBody): Readonly<Record<string, unknown>> {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      throw new MalformedCallback('body', 'callback body is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new MalformedCallback('body', 'callback body is not a JSON object');
    }
    return parsed as Record<string, unknown>;
  }
  if (typeof body !== 'object' || body === null) throw new MalformedCallback('body', 'callback body is missing');
  return body;
}

function stringField(object: Readonly<Record<string, unknown>>, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') throw new MalformedCallback(name, `callback body field ${name} must be a string`);
  return value;
}
