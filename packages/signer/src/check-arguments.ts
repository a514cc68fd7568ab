import type { Credentials, SignableRequest, SignOptions } from './types.js';
import { SignerArgumentError } from './signer-argument-error.js';

// Header names are HTTP tokens; scope parts must not contain the `/` that separates them.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SCOPE_PART = /^[A-Za-z0-9\-_.]+$/;
const ACCESS_KEY_ID = /^[\x21-\x7e]+$/;
const PATH = /^\/[^\s?#]*$/;

export function checkObject(value: unknown, field: string): void {
  if (typeof value !== 'object' || value === null) throw new SignerArgumentError(field, 'must be an object');
}

export function checkCredentials(credentials: Credentials): void {
  checkObject(credentials, 'credentials');
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  if (typeof accessKeyId !== 'string' || accessKeyId.length === 0) {
    throw new SignerArgumentError('credentials.accessKeyId', 'must be a non-empty string');
  }
  if (!ACCESS_KEY_ID.test(accessKeyId) || accessKeyId.includes('/') || accessKeyId.includes(',')) {
    throw new SignerArgumentError('credentials.accessKeyId', 'must be printable ASCII without "/", "," or spaces');
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey.length === 0) {
    throw new SignerArgumentError('credentials.secretAccessKey', 'must be a non-empty string');
  }
  if (sessionToken !== undefined && sessionToken !== null && typeof sessionToken !== 'string') {
    throw new SignerArgumentError('credentials.sessionToken', 'must be a string when given');
  }
  if (typeof sessionToken === 'string' && /[\r\n\0]/.test(sessionToken)) {
    throw new SignerArgumentError('credentials.sessionToken', 'must not contain line breaks or NUL');
  }
}

export function checkSignOptions(options: SignOptions): void {
  checkObject(options, 'options');
  for (const field of ['region', 'service'] as const) {
    const value = options[field];
    if (typeof value !== 'string' || !SCOPE_PART.test(value)) {
      throw new SignerArgumentError(
        `options.${field}`,
        'must be a non-empty string of letters, digits, "-", "_" or "."',
      );
    }
  }
  if (options.date !== undefined && !(options.date instanceof Date && Number.isFinite(options.date.getTime()))) {
    throw new SignerArgumentError('options.date', 'must be a valid Date');
  }
  if (options.signedHeaders !== undefined) {
    if (!Array.isArray(options.signedHeaders))
      throw new SignerArgumentError('options.signedHeaders', 'must be an array of header names');
    options.signedHeaders.forEach((name: unknown, i: number) => {
      if (typeof name !== 'string' || !TOKEN.test(name)) {
        throw new SignerArgumentError(`options.signedHeaders[${i}]`, 'must be a header name');
      }
    });
  }
}

export function checkSignableRequest(request: SignableRequest): void {
  checkObject(request, 'request');
  if (typeof request.method !== 'string' || !TOKEN.test(request.method)) {
    throw new SignerArgumentError('request.method', 'must be an HTTP method name');
  }
  if (request.path !== undefined && (typeof request.path !== 'string' || !PATH.test(request.path))) {
    throw new SignerArgumentError('request.path', 'must start with "/" and contain no spaces, "?" or "#"');
  }
  if (request.headers !== undefined) {
    checkObject(request.headers, 'request.headers');
    for (const [name, value] of Object.entries(request.headers)) {
      if (!TOKEN.test(name) || name === '__proto__') {
        throw new SignerArgumentError(`request.headers`, `has an invalid header name "${name}"`);
      }
      if (typeof value !== 'string') throw new SignerArgumentError(`request.headers.${name}`, 'must be a string');
      if (/[\r\n\0]/.test(value))
        throw new SignerArgumentError(`request.headers.${name}`, 'must not contain line breaks or NUL');
    }
  }
  const body = request.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new SignerArgumentError('request.body', 'must be a string or a Uint8Array');
  }
}

const UINT32_MAX = 0xffffffff;

/** A whole number from 0 to 2^32 - 1 (the "001" token's time and nonce fields); returned as is. */
export function checkUint32(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new SignerArgumentError(field, `must be an integer from 0 to ${UINT32_MAX}`);
  }
  return value;
}
