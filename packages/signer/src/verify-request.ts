import type { VerifiableRequest, VerifyOptions, VerifyResult } from './types.js';
import { checkObject } from './check-arguments.js';
import { parseReceivedQuery } from './received-query.js';
import { lowerCaseHeaders, splitTarget } from './received-request.js';
import { AUTHORIZATION, PresignParam } from './scheme.js';
import { SignerArgumentError } from './signer-argument-error.js';
import { verifyAuthorizationHeader } from './verify-authorization-header.js';
import type { VerifyContext } from './verify-context.js';
import { fail } from './verify-failure.js';
import { verifyPresignedUrl } from './verify-presigned-url.js';

const DEFAULT_MAX_SKEW_SECONDS = 900;

/**
 * Verifies a received request signed with an Authorization header or as a presigned URL. Bad requests of any shape
 * answer `{ ok: false, code, message }` with a gateway code (catalog 3.2); only bad arguments (a programming error)
 * throw a SignerArgumentError, and an error thrown by `lookupSecret` is passed on.
 */
export async function verifyRequest(request: VerifiableRequest, options: VerifyOptions): Promise<VerifyResult> {
  return verifyRequestEagerly(request, options);
}

/**
 * verifyRequest without a promise where none is needed: the answer comes back synchronously when `lookupSecret`
 * answers synchronously (a server's in-memory key cache), and as a promise only when the lookup returns one. For a
 * server that checks every request, that is one event-loop hop less per call.
 */
export function verifyRequestEagerly(
  request: VerifiableRequest,
  options: VerifyOptions,
): VerifyResult | Promise<VerifyResult> {
  const ctx = contextFor(request, options);
  const authorization = ctx.headers[AUTHORIZATION];
  if (authorization !== undefined) {
    if (typeof authorization !== 'string') {
      return fail(
        'InvalidAuthorization',
        Array.isArray(authorization) ? 'more than one Authorization header' : 'Authorization header is not text',
      );
    }
    return verifyAuthorizationHeader(ctx, authorization);
  }
  if (ctx.rawQuery.includes('X-Signature') || ctx.rawQuery.includes('X-Credential')) {
    const query = parseReceivedQuery(ctx.rawQuery);
    if ('error' in query) return fail('SignatureDoesNotMatch', query.error);
    if (query.params.some((p) => p.rawKey === PresignParam.Signature || p.rawKey === PresignParam.Credential)) {
      return verifyPresignedUrl(ctx, query.params);
    }
  }
  return fail(
    'MissingAuthenticationToken',
    'the request has no Authorization header and no X-Signature query parameter',
  );
}

function contextFor(request: VerifiableRequest, options: VerifyOptions): VerifyContext {
  checkObject(request, 'request');
  checkObject(options, 'options');
  if (typeof request.method !== 'string' || request.method.length === 0) {
    throw new SignerArgumentError('request.method', 'must be a non-empty string');
  }
  if (typeof request.url !== 'string') throw new SignerArgumentError('request.url', 'must be a string');
  checkObject(request.headers, 'request.headers');
  const body = request.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new SignerArgumentError('request.body', 'must be a string or a Uint8Array');
  }
  if (typeof options.lookupSecret !== 'function')
    throw new SignerArgumentError('options.lookupSecret', 'must be a function');
  const now = options.now ?? Date.now();
  const nowMs = now instanceof Date ? now.getTime() : now;
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new SignerArgumentError('options.now', 'must be a valid Date or a number of milliseconds');
  }
  const maxSkew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (typeof maxSkew !== 'number' || !Number.isFinite(maxSkew) || maxSkew < 0) {
    throw new SignerArgumentError('options.maxSkewSeconds', 'must be a non-negative number');
  }
  if (options.service !== undefined && typeof options.service !== 'string') {
    throw new SignerArgumentError('options.service', 'must be a string when given');
  }
  const { path, query } = splitTarget(request.url);
  return {
    method: request.method.toUpperCase(),
    path,
    rawQuery: query,
    headers: lowerCaseHeaders(request.headers),
    body: body ?? '',
    nowMs,
    maxSkewMs: maxSkew * 1000,
    options,
  };
}
