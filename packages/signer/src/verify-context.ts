import type { VerifiableRequest, VerifyOptions, VerifyResult } from './types.js';
import { hashSha256Hex } from './hash-sha256.js';
import { type ReceivedHeaders } from './received-request.js';
import { signingKey } from './signing-key.js';
import { fail, quote, type VerifyFailure } from './verify-failure.js';
import type { KeyObject } from 'node:crypto';

/** What both verification forms (Authorization header, presigned URL) share. */
export interface VerifyContext {
  method: string;
  path: string;
  rawQuery: string;
  headers: ReceivedHeaders;
  body: VerifiableRequest['body'];
  nowMs: number;
  maxSkewMs: number;
  options: VerifyOptions;
}

/** The received values of the signed headers, or which one is missing. */
export function signedHeaderValues(ctx: VerifyContext, names: readonly string[]): string[] | VerifyFailure {
  const values: string[] = [];
  for (const name of names) {
    const value = ctx.headers[name];
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) values.push(value.join(', '));
    else return fail('MissingRequestInfo', `signed header "${name}" is missing from the request`);
  }
  return values;
}

export function checkService(ctx: VerifyContext, service: string): VerifyFailure | undefined {
  if (ctx.options.service !== undefined && service !== ctx.options.service) {
    return fail(
      'ServiceNotFound',
      `credential scope names service ${quote(service)}; this endpoint serves "${ctx.options.service}"`,
    );
  }
  return undefined;
}

/** Looks the secret up and derives the signing key; unknown or disabled keys fail alike. */
export async function keyFor(
  ctx: VerifyContext,
  accessKeyId: string,
  shortDate: string,
  region: string,
  service: string,
): Promise<KeyObject | VerifyFailure> {
  const found = ctx.options.lookupSecret(accessKeyId);
  const secret = typeof found === 'string' || found === undefined ? found : await found;
  if (typeof secret !== 'string' || secret.length === 0) {
    return fail('InvalidAccessKey', `access key ${quote(accessKeyId)} is unknown or disabled`);
  }
  return signingKey(secret, shortDate, region, service);
}

export function bodyHash(ctx: VerifyContext): string {
  return hashSha256Hex(ctx.body ?? '');
}

export type { VerifyResult };
