import type { KeyObject } from 'node:crypto';
import { canonicalHeadersBlock, collapseHeaderValue, trimHeaderValue } from './canonical-headers.js';
import { canonicalRequest, stringToSign } from './canonical-request.js';
import { constantTimeEqual } from './constant-time.js';
import { signatureHex } from './signing-key.js';

export interface SignatureInputs {
  method: string;
  paths: readonly string[];
  queries: readonly string[];
  /** Signed header names in the client's order, and their received values. */
  headerNames: readonly string[];
  headerValues: readonly string[];
  payloadHash: string;
  xDate: string;
  scope: string;
  key: KeyObject;
  /** Lower-case hex from the client. */
  signature: string;
}

/** Enough for every combination of the documented SDK differences; bounds the work a hostile request can cause. */
const MAX_ATTEMPTS = 24;
const DEFAULT_PORT = /:(?:80|443)$/;

/**
 * The header blocks a genuine client may have signed: values with whitespace runs collapsed (Node SDK) or only
 * trimmed (Go, Java); Host as received or without a default port (Go and Java strip `:80`/`:443` before signing).
 */
function headerBlockCandidates(names: readonly string[], values: readonly string[]): string[] {
  const collapsed = values.map(collapseHeaderValue);
  const blocks = [canonicalHeadersBlock(names, collapsed)];
  const add = (vals: readonly string[]): void => {
    const block = canonicalHeadersBlock(names, vals);
    if (!blocks.includes(block)) blocks.push(block);
  };
  const trimmed = values.map(trimHeaderValue);
  add(trimmed);
  const hostIndex = names.indexOf('host');
  if (hostIndex >= 0 && DEFAULT_PORT.test(collapsed[hostIndex]!)) {
    for (const base of [collapsed, trimmed]) {
      const withoutPort = [...base];
      withoutPort[hostIndex] = base[hostIndex]!.replace(DEFAULT_PORT, '');
      add(withoutPort);
    }
  }
  return blocks;
}

/** True when one of the canonical forms a genuine client may have produced carries the given signature. */
export function matchSignature(inputs: SignatureInputs): boolean {
  const blocks = headerBlockCandidates(inputs.headerNames, inputs.headerValues);
  const signedHeaders = inputs.headerNames.join(';');
  let attempts = 0;
  let matched = false;
  for (const query of inputs.queries) {
    for (const block of blocks) {
      for (const path of inputs.paths) {
        if (attempts++ >= MAX_ATTEMPTS) return matched;
        const canonical = canonicalRequest(inputs.method, path, query, block, signedHeaders, inputs.payloadHash);
        const expected = signatureHex(inputs.key, stringToSign(inputs.xDate, inputs.scope, canonical));
        if (constantTimeEqual(expected, inputs.signature)) matched = true;
        if (matched) return true;
      }
    }
  }
  return matched;
}
