import { createHash, hash } from 'node:crypto';
import { SignerArgumentError } from './signer-argument-error.js';

// crypto.hash (Node >= 20.12) is the one-shot form, noticeably cheaper than createHash for small inputs.
const oneShot: ((data: string | Uint8Array) => string) | undefined =
  typeof hash === 'function' ? (data) => hash('sha256', data, 'hex') : undefined;

/** Lower-case hex SHA-256; a string is hashed as UTF-8, a Uint8Array as its raw bytes. */
export function hashSha256Hex(body: string | Uint8Array): string {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new SignerArgumentError('body', 'must be a string or a Uint8Array');
  }
  return oneShot ? oneShot(body) : createHash('sha256').update(body).digest('hex');
}
