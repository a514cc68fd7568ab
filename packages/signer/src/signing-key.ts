import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { SCOPE_TERMINATOR } from './scheme.js';

/** Derived keys kept; a server sees one per active access key per day, a client one per credential. */
const MAX_CACHED_KEYS = 512;
const cache = new Map<string, KeyObject>();

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * kSigning = HMAC(HMAC(HMAC(HMAC(secret, date), region), service), "request") (catalog 1.2 step 4), cached per
 * (secret, date, region, service) in a small LRU so that a busy signer or verifier derives each key once a day.
 */
export function signingKey(secret: string, shortDate: string, region: string, service: string): KeyObject {
  // Most processes sign or verify for one key at a time: remember the last one without building a cache key.
  if (secret === last.secret && shortDate === last.shortDate && region === last.region && service === last.service) {
    return last.key!;
  }
  const key = cachedSigningKey(secret, shortDate, region, service);
  last = { secret, shortDate, region, service, key };
  return key;
}

let last: { secret: string; shortDate: string; region: string; service: string; key: KeyObject | undefined } = {
  secret: '',
  shortDate: '',
  region: '',
  service: '',
  key: undefined,
};

function cachedSigningKey(secret: string, shortDate: string, region: string, service: string): KeyObject {
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
  const key = createSecretKey(hmac(kService, SCOPE_TERMINATOR));
  if (cache.size >= MAX_CACHED_KEYS) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(id, key);
  return key;
}

/** Hex HMAC-SHA256 of the string to sign. */
export function signatureHex(key: KeyObject, stringToSign: string): string {
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

/** For tests: how many derived keys are cached. */
export function cachedSigningKeyCount(): number {
  return cache.size;
}
