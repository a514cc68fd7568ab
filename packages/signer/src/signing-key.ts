import { createHmac, hash } from 'node:crypto';
import { inspect } from 'node:util';
import { SCOPE_TERMINATOR } from './scheme.js';

/** Derived keys kept; a server sees one per active access key per day, a client one per credential. */
const MAX_CACHED_KEYS = 512;
const cache = new Map<string, SigningKey>();

/** SHA-256 works on 64-byte blocks; HMAC pads its key to one block (RFC 2104). */
const BLOCK = 64;
const DIGEST = 32;
/** Room for the strings to sign of every ordinary request; a longer one gets a buffer of its own. */
const SCRATCH_BYTES = 1024;
/** The inner hash's input: the key's inner pad, then the message. Reused: signing is synchronous. */
const innerScratch = Buffer.alloc(BLOCK + SCRATCH_BYTES);

/**
 * kSigning, the key that signs a request, with the two HMAC pads computed once. Signing a string is then two one-shot
 * SHA-256 hashes, H(opad || H(ipad || message)), instead of an HMAC object per request, whose set-up costs more than
 * hashing the few hundred bytes of a string to sign.
 */
export class SigningKey {
  /** The key, as 32 bytes. */
  readonly bytes: Buffer;
  readonly #innerPad: Buffer;
  /** The outer hash's input: the key's outer pad, then the inner digest (written per signature). */
  readonly #outer: Buffer;

  constructor(bytes: Buffer) {
    if (bytes.length !== DIGEST) throw new RangeError('a derived signing key is 32 bytes');
    this.bytes = bytes;
    this.#innerPad = Buffer.alloc(BLOCK, 0x36);
    this.#outer = Buffer.alloc(BLOCK + DIGEST);
    this.#outer.fill(0x5c, 0, BLOCK);
    for (let i = 0; i < DIGEST; i++) {
      this.#innerPad[i]! ^= bytes[i]!;
      this.#outer[i]! ^= bytes[i]!;
    }
  }

  /** Hex HMAC-SHA256 of a string (as UTF-8). */
  signatureHex(message: string): string {
    // UTF-8 takes at most three bytes per UTF-16 unit: a short enough string always fits the scratch buffer.
    const input = message.length * 3 <= SCRATCH_BYTES ? innerScratch : Buffer.allocUnsafe(BLOCK + message.length * 3);
    input.set(this.#innerPad, 0);
    const length = input.write(message, BLOCK, 'utf8');
    this.#outer.set(hash('sha256', input.subarray(0, BLOCK + length), 'buffer'), BLOCK);
    return hash('sha256', this.#outer, 'hex');
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
