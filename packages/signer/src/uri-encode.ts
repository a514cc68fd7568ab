import { SignerArgumentError } from './signer-argument-error.js';

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
// encodeURIComponent leaves these five unescaped; RFC 3986 (and every official SDK) escapes them.
const SUB_DELIMS_LEFT = /[!'()*]/g;
const escapeSubDelim = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/**
 * RFC 3986 percent-encoding of UTF-8 bytes with upper-case hex; only `A-Z a-z 0-9 - _ . ~` stay as they are.
 * Returns undefined for a string that is not well-formed UTF-16 (a lone surrogate has no UTF-8 form).
 */
export function tryEncodeRfc3986(value: string): string | undefined {
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    return undefined;
  }
  return encoded.replace(SUB_DELIMS_LEFT, escapeSubDelim);
}

export function encodeRfc3986(value: string, field: string): string {
  const encoded = tryEncodeRfc3986(value);
  if (encoded === undefined) throw new SignerArgumentError(field, 'is not well-formed Unicode (lone surrogate)');
  return encoded;
}

/**
 * Decodes one query component as received: `+` is a space (form style, as the Go, Java and Python SDKs send it)
 * unless `plusIsSpace` is false, then percent-decoding as UTF-8. Undefined when the percent-encoding is broken.
 */
export function tryDecodeQueryComponent(raw: string, plusIsSpace = true): string | undefined {
  if (UNRESERVED_ONLY.test(raw)) return raw;
  const spaced = plusIsSpace && raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}
