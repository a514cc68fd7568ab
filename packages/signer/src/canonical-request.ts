import { hashSha256Hex } from './hash-sha256.js';
import { ALGORITHM } from './scheme.js';

/** `METHOD \n path \n query \n headers-block \n signed-headers \n payload-hash` (catalog 1.2 step 2). */
export function canonicalRequest(
  method: string,
  path: string,
  query: string,
  headersBlock: string,
  signedHeaders: string,
  payloadHash: string,
): string {
  return `${method}\n${path}\n${query}\n${headersBlock}\n${signedHeaders}\n${payloadHash}`;
}

/** `HMAC-SHA256 \n X-Date \n scope \n hex(sha256(canonical request))` (catalog 1.2 step 3). */
export function stringToSign(xDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${xDate}\n${scope}\n${hashSha256Hex(canonical)}`;
}
