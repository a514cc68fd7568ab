// An independent, deliberately literal V4 signer for tests: the caller spells out the canonical request exactly as
// a given SDK builds it, so the verifier is checked against forms it did not produce itself.
import { createHash, createHmac } from 'node:crypto';

export interface ReferenceSignInput {
  method: string;
  canonicalPath: string;
  canonicalQuery: string;
  /** [name, value] exactly as they appear in the canonical request, in order. */
  canonicalHeaders: [string, string][];
  payloadHash: string;
  xDate: string;
  accessKeyId: string;
  secret: string;
  region?: string;
  service?: string;
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export function referenceAuthorization(input: ReferenceSignInput): string {
  const region = input.region ?? 'cn-north-1';
  const service = input.service ?? 'rtc';
  const date = input.xDate.slice(0, 8);
  const scope = `${date}/${region}/${service}/request`;
  const signedHeaders = input.canonicalHeaders.map(([n]) => n).join(';');
  const canonical = [
    input.method,
    input.canonicalPath,
    input.canonicalQuery,
    input.canonicalHeaders.map(([n, v]) => `${n}:${v}\n`).join(''),
    signedHeaders,
    input.payloadHash,
  ].join('\n');
  const stringToSign = ['HMAC-SHA256', input.xDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(input.secret, date), region), service), 'request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
