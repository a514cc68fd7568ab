import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { SCOPE_TERMINATOR } from './scheme.js';

/** Derived keys kept; a server sees one per active access key per day, a client one per credential. */
const MAX_CACHED_KEYS = 512;
const cache = new Map<string, SigningKey>();

const DIGEST = 32;

/**
 * kSigning, the key that signs a request, imported once into a KeyObject: a signature is then one node:crypto HMAC
 * with it. (With a hand-made HMAC, two one-shot SHA-256 hashes over pads computed once per key, signRequest signed
 * about 6% more per CPU-second in the signer's bench, which compares the two in one run: not worth an HMAC of our own.)
 */
export class SigningKey {
  /** The key, as 32 bytes. */
  readonly bytes: Buffer;
  readonly #key: KeyObject;

  constructor(bytes: Buffer) {
    if (bytes.length !== DIGEST) throw new RangeError('a derived signing key is 32 bytes');
    this.bytes = bytes;
    this.#key = createSecretKey(bytes);
  }

  /** Hex HMAC-SHA256 of a string (as UTF-8). */
  signatureHex(message: string): string {
    return createHmac('sha256', this.#key).update(message, 'utf8').digest('hex');
  }

  /** The key is a secret: printed or serialized, it shows nothing of itself (as node's KeyObject does). */
  [inspect.custom](): string {
    return 'SigningKey [redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC(secret, date), region), service), "request") (catalog 1.2 step 4), cached per
 * (secret, date, region, service) in a small LRU so that a busy signer or verifier derives each key once a day.
 */
export function signingKey(secret: string, shortDate: string, region: string, service: string): SigningKey {
  // Most processes sign or verify for one key at a time: remember the last one without building a cache key.
  if (secret === last.secret && shortDate === last.shortDate && region === last.region && service === last.service) {
    return last.key!;
  }
  const key = cachedSigningKey(secret, shortDate, region, service);
  last = { secret, shortDate, region, service, key };
  return key;
}

let last: { secret: string; shortDate: string; region: string; service: string; key: SigningKey | undefined } = {
  secret: '',
  shortDate: '',
  region: '',
  service: '',
  key: undefined,
};

function cachedSigningKey(secret: string, shortDate: string, region: string, service: string): SigningKey {
  // NUL cannot occur in the date, region or service parts we accept, so the cache key is unambiguous.
  const id = `${shortDate}\0${region}\0${service}\0${secret}`;
  const hit = cache.get(id);
  if (hit !== undefined) {
    if (cache.size > MAX_CACHED_KEYS / 2) {
      // Refresh recency only when eviction is a possibility; a delete+set on every hit costs more than it buys.
      cache.delete(id);
      cache.set(id, hit);
    }
    return hit;
  }
  const kDate = hmac(secret, shortDate);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  const key = new SigningKey(hmac(kService, SCOPE_TERMINATOR));
  if (cache.size >= MAX_CACHED_KEYS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(id, key);
  return key;
}

/** For tests: how many derived keys are cached. */
export function cachedSigningKeyCount(): number {
  return cache.size;
}
