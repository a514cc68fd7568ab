import { parseCredential, type ParsedCredential } from './parse-credential.js';
import { ALGORITHM } from './scheme.js';
import { fail, quote, type VerifyFailure } from './verify-failure.js';

export interface ParsedAuthorization {
  credential: ParsedCredential;
  /** Lower-case names in the client's order. */
  signedHeaders: string[];
  /** Lower-case hex. */
  signature: string;
}

/** Longer than any real header (a 128-char key id and a dozen signed headers fit in ~400). */
const MAX_LENGTH = 4096;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * `HMAC-SHA256 Credential=AK/scope, SignedHeaders=a;b, Signature=hex` (catalog 1.2 step 5). Tolerant of spacing
 * around the commas and of the order of the three parts; anything else is a failure, never a throw.
 */
export function parseAuthorization(header: string): ParsedAuthorization | VerifyFailure {
  if (header.length > MAX_LENGTH)
    return fail('InvalidAuthorization', `Authorization header is longer than ${MAX_LENGTH} characters`);
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== ALGORITHM) {
    return fail('InvalidAuthorization', `Authorization must start with "${ALGORITHM}", not ${quote(algorithm)}`);
  }
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  for (const rawPart of space < 0 ? [] : trimmed.slice(space + 1).split(',')) {
    const part = rawPart.trim();
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    const seen =
      name === 'Credential'
        ? credential
        : name === 'SignedHeaders'
          ? signedHeaders
          : name === 'Signature'
            ? signature
            : null;
    if (seen === null) return fail('InvalidAuthorization', `Authorization has an unknown part ${quote(name)}`);
    if (seen !== undefined) return fail('InvalidAuthorization', `Authorization repeats ${name}`);
    if (name === 'Credential') credential = value;
    else if (name === 'SignedHeaders') signedHeaders = value;
    else signature = value;
  }
  if (credential === undefined || credential === '')
    return fail('InvalidAuthorization', 'Authorization has no Credential');
  if (signedHeaders === undefined || signedHeaders === '')
    return fail('InvalidAuthorization', 'Authorization has no SignedHeaders');
  if (signature === undefined || signature === '') return fail('MissingSignature', 'Authorization has no Signature');
  if (!SIGNATURE.test(signature)) return fail('InvalidAuthorization', 'Signature must be 64 hexadecimal digits');

  const names = parseSignedHeaderList(signedHeaders);
  if (!Array.isArray(names)) return names;
  const parsedCredential = parseCredential(credential);
  if ('ok' in parsedCredential) return parsedCredential;
  return { credential: parsedCredential, signedHeaders: names, signature: signature.toLowerCase() };
}

/** `a;b;c` as lower-case header names; empty means none (only the presigned form allows that). */
export function parseSignedHeaderList(list: string): string[] | VerifyFailure {
  if (list === '') return [];
  const names = list.toLowerCase().split(';');
  if (names.length > 64) return fail('InvalidAuthorization', 'SignedHeaders names more than 64 headers');
  const seen = new Set<string>();
  for (const name of names) {
    if (!HEADER_NAME.test(name))
      return fail('InvalidAuthorization', `SignedHeaders has an invalid name ${quote(name)}`);
    if (seen.has(name)) return fail('InvalidAuthorization', `SignedHeaders names ${quote(name)} twice`);
    seen.add(name);
  }
  return names;
}
