import type { VerifiableRequest, VerifyOptions } from './types.js';
import { hashSha256Hex } from './hash-sha256.js';
import type { ReceivedHeaders } from './received-request.js';
import { EMPTY_SHA256 } from './scheme.js';
import { signingKey, type SigningKey } from './signing-key.js';
import { fail, quote, type VerifyFailure } from './verify-failure.js';

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
    // Over HTTP/2, node gives the Host as the :authority pseudo-header.
    const value = ctx.headers[name] ?? (name === 'host' ? ctx.headers[':authority'] : undefined);
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

export interface KeyRequest {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
}

/**
 * Looks the secret up and derives the signing key; unknown or disabled keys fail alike. Synchronous when
 * `lookupSecret` is (an in-memory key cache), so that the common path allocates no extra promise.
 */
export function keyFor(
  ctx: VerifyContext,
  scope: KeyRequest,
): SigningKey | VerifyFailure | Promise<SigningKey | VerifyFailure> {
  const found: unknown = ctx.options.lookupSecret(scope.accessKeyId);
  if (typeof found === 'string' || found === undefined || found === null) return keyFromSecret(found, scope);
  return Promise.resolve(found).then((secret: unknown) => keyFromSecret(secret, scope));
}

function keyFromSecret(secret: unknown, scope: KeyRequest): SigningKey | VerifyFailure {
  if (typeof secret !== 'string' || secret.length === 0) {
    return fail('InvalidAccessKey', `access key ${quote(scope.accessKeyId)} is unknown or disabled`);
  }
  return signingKey(secret, scope.shortDate, scope.region, scope.service);
}

/** Most GETs have no body: its hash is a constant. */
export function bodyHash(ctx: VerifyContext): string {
  const body = ctx.body ?? '';
  return body.length === 0 ? EMPTY_SHA256 : hashSha256Hex(body);
}
