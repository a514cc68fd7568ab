import { canonicalHeadersBlock, collapseHeaderValue, trimHeaderValue } from './canonical-headers.js';
import { canonicalRequest, stringToSign } from './canonical-request.js';
import { constantTimeEqual } from './constant-time.js';
import type { SigningKey } from './signing-key.js';
import { tryEncodeRfc3986 } from './uri-encode.js';

export interface SignatureInputs {
  method: string;
  path: string;
  /** The canonical query most clients sign; `moreQueries` gives the other candidates when it does not match. */
  query: string;
  moreQueries: () => readonly string[];
  /** Signed header names in the client's order, and their received values. */
  headerNames: readonly string[];
  headerValues: readonly string[];
  payloadHash: string;
  xDate: string;
  scope: string;
  key: SigningKey;
  /** The client's signature, lower-case hex. */
  signature: string;
}

/** Enough for every combination of the documented SDK differences; bounds the work a hostile request can cause. */
const MAX_ATTEMPTS = 32;
const DEFAULT_PORT = /:(?:80|443)$/;
const LATIN1_HIGH = /[\x80-\xff]/;
const BEYOND_LATIN1 = /[^\x00-\xff]/;
const SAFE_PATH = /^[A-Za-z0-9\-_.~/]*$/;

/**
 * True when one of the canonical forms a genuine client may have produced carries the given signature. The form
 * almost every request uses is tried first; the variants of the official SDKs are only built when it fails. Every
 * variant covers exactly the same method, path, parameters, headers and body, so trying them leaves no room for
 * forgery; the number of attempts is bounded.
 */
export function matchSignature(inputs: SignatureInputs): boolean {
  const signedHeaders = inputs.headerNames.join(';');
  const collapsed = inputs.headerValues.map(collapseHeaderValue);
  const primaryBlock = canonicalHeadersBlock(inputs.headerNames, collapsed);
  if (attempt(inputs, inputs.path, inputs.query, primaryBlock, signedHeaders)) return true;

  const queries = unique([inputs.query, ...inputs.moreQueries()]);
  const blocks = unique(headerBlockVariants(inputs.headerNames, inputs.headerValues, collapsed));
  const paths = unique([inputs.path, ...pathVariants(inputs.path)]);
  // Fewest differences from the primary form first, so that the attempt limit only ever cuts unlikely mixtures.
  const combinations: [number, number, number][] = [];
  for (let q = 0; q < queries.length; q++) {
    for (let b = 0; b < blocks.length; b++) {
      for (let p = 0; p < paths.length; p++) if (q + b + p > 0) combinations.push([q, b, p]);
    }
  }
  const deviations = ([q, b, p]: [number, number, number]): number => Number(q > 0) + Number(b > 0) + Number(p > 0);
  combinations.sort((x, y) => deviations(x) - deviations(y) || x[0] + x[1] + x[2] - (y[0] + y[1] + y[2]));
  for (const [q, b, p] of combinations.slice(0, MAX_ATTEMPTS - 1)) {
    if (attempt(inputs, paths[p]!, queries[q]!, blocks[b]!, signedHeaders)) return true;
  }
  return false;
}

function attempt(inputs: SignatureInputs, path: string, query: string, block: string, signedHeaders: string): boolean {
  const canonical = canonicalRequest(inputs.method, path, query, block, signedHeaders, inputs.payloadHash);
  const expected = inputs.key.signatureHex(stringToSign(inputs.xDate, inputs.scope, canonical));
  return constantTimeEqual(expected, inputs.signature);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Header values with whitespace runs collapsed (Node SDK) or only trimmed (Go, Java); Host as received or without a
 * default port (Go and Java strip `:80`/`:443` before signing, while the Host header may keep it); non-ASCII values
 * read back as UTF-8.
 */
function headerBlockVariants(
  names: readonly string[],
  values: readonly string[],
  collapsed: readonly string[],
): string[] {
  const trimmed = values.map(trimHeaderValue);
  const variants = [collapsed, trimmed];
  const hostIndex = names.indexOf('host');
  if (hostIndex >= 0 && DEFAULT_PORT.test(collapsed[hostIndex]!)) {
    for (const base of [collapsed, trimmed]) {
      const withoutPort = [...base];
      withoutPort[hostIndex] = base[hostIndex]!.replace(DEFAULT_PORT, '');
      variants.push(withoutPort);
    }
  }
  // node:http decodes header bytes as latin1; a client signed them as the UTF-8 text they are.
  if (collapsed.some((v) => LATIN1_HIGH.test(v) && !BEYOND_LATIN1.test(v))) {
    variants.push(collapsed.map((v) => Buffer.from(v, 'latin1').toString('utf8')));
  }
  return variants.map((vals) => canonicalHeadersBlock(names, vals));
}

/**
 * The path as sent is what the Node SDK signs; the Go and Java SDKs decode it and re-encode each segment per
 * RFC 3986.
 */
function pathVariants(path: string): string[] {
  if (SAFE_PATH.test(path)) return [];
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return [];
    }
    const encoded = tryEncodeRfc3986(decoded);
    if (encoded === undefined) return [];
    segments.push(encoded);
  }
  return [segments.join('/')];
}
