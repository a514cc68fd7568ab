import { parseCredential, type ParsedCredential } from './parse-credential.js';
import { ALGORITHM, SIGNATURE_HEX } from './scheme.js';
import { fail, quote, type VerifyFailure } from './verify-failure.js';

export interface ParsedAuthorization {
  credential: ParsedCredential;
  /** Lower-case names in the client's order. */
  signedHeaders: readonly string[];
  /** Lower-case hex. */
  signature: string;
}

/** Longer than any real header (a 128-char key id and a dozen signed headers fit in ~400). */
const MAX_LENGTH = 4096;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const PREFIX = `${ALGORITHM} `;
/** Exactly what every official SDK and signRequest send; anything else goes through the tolerant parser. */
const CANONICAL_FORM = /^HMAC-SHA256 Credential=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/;

/**
 * `HMAC-SHA256 Credential=AK/scope, SignedHeaders=a;b, Signature=hex` (catalog 1.2 step 5). Tolerant of spacing
 * around the commas and of the order of the three parts; anything else is a failure, never a throw.
 */
export function parseAuthorization(header: string): ParsedAuthorization | VerifyFailure {
  if (header.length > MAX_LENGTH) {
    return fail('InvalidAuthorization', `Authorization header is longer than ${MAX_LENGTH} characters`);
  }
  const exact = CANONICAL_FORM.exec(header);
  if (exact !== null) return fromParts(exact[1]!, exact[2]!, exact[3]!);
  const trimmed = header.startsWith(PREFIX) ? header : header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    return fail('InvalidAuthorization', `Authorization must start with "${ALGORITHM}", not ${quote(algorithm)}`);
  }
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let start = space < 0 ? trimmed.length : space + 1;
  while (start < trimmed.length) {
    let end = trimmed.indexOf(',', start);
    if (end < 0) end = trimmed.length;
    const part = trimmed.slice(start, end).trim();
    start = end + 1;
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (name === 'Credential') {
      if (credential !== undefined) return fail('InvalidAuthorization', 'Authorization repeats Credential');
      credential = value;
    } else if (name === 'SignedHeaders') {
      if (signedHeaders !== undefined) return fail('InvalidAuthorization', 'Authorization repeats SignedHeaders');
      signedHeaders = value;
    } else if (name === 'Signature') {
      if (signature !== undefined) return fail('InvalidAuthorization', 'Authorization repeats Signature');
      signature = value;
    } else {
      return fail('InvalidAuthorization', `Authorization has an unknown part ${quote(name)}`);
    }
  }
  if (!credential) return fail('InvalidAuthorization', 'Authorization has no Credential');
  if (!signedHeaders) return fail('InvalidAuthorization', 'Authorization has no SignedHeaders');
  if (!signature) return fail('MissingSignature', 'Authorization has no Signature');
  if (!SIGNATURE_HEX.test(signature)) return fail('InvalidAuthorization', 'Signature must be 64 hexadecimal digits');

  return fromParts(credential, signedHeaders, signature.toLowerCase());
}

function fromParts(credential: string, signedHeaders: string, signature: string): ParsedAuthorization | VerifyFailure {
  const names = parseSignedHeaderList(signedHeaders);
  if ('ok' in names) return names;
  const parsedCredential = parseCredential(credential);
  if ('ok' in parsedCredential) return parsedCredential;
  return { credential: parsedCredential, signedHeaders: names, signature };
}

// Clients send the same few lists over and over; parsing each once keeps verification cheap.
const listCache = new Map<string, readonly string[] | VerifyFailure>();
const MAX_CACHED_LISTS = 256;

/** `a;b;c` as lower-case header names; empty means none (only the presigned form allows that). */
export function parseSignedHeaderList(list: string): readonly string[] | VerifyFailure {
  const cached = listCache.get(list);
  if (cached !== undefined) return cached;
  const parsed = parseList(list);
  if (listCache.size >= MAX_CACHED_LISTS) listCache.clear();
  if (list.length <= 512) listCache.set(list, parsed);
  return parsed;
}

function parseList(list: string): readonly string[] | VerifyFailure {
  if (list === '') return Object.freeze([]);
  const names = list.toLowerCase().split(';');
  if (names.length > 64) return fail('InvalidAuthorization', 'SignedHeaders names more than 64 headers');
  const seen = new Set<string>();
  for (const name of names) {
    if (!HEADER_NAME.test(name))
      return fail('InvalidAuthorization', `SignedHeaders has an invalid name ${quote(name)}`);
    if (seen.has(name)) return fail('InvalidAuthorization', `SignedHeaders names ${quote(name)} twice`);
    seen.add(name);
  }
  return Object.freeze(names);
}
