import type { VerifyResult } from './types.js';
import { matchSignature } from './match-signature.js';
import { parseAuthorization } from './parse-authorization.js';
import { canonicalQueryCandidates, joinAsReceived, parseReceivedQuery } from './received-query.js';
import { pathCandidates } from './received-request.js';
import { X_CONTENT_SHA256, X_DATE, X_SECURITY_TOKEN } from './scheme.js';
import { bodyHash, checkService, keyFor, signedHeaderValues, type VerifyContext } from './verify-context.js';
import { fail } from './verify-failure.js';
import { parseXDate } from './x-date.js';

/** Verifies the Authorization-header form (catalog 1.2 steps 1-5). */
export async function verifyAuthorizationHeader(ctx: VerifyContext, authorization: string): Promise<VerifyResult> {
  const auth = parseAuthorization(authorization);
  if ('ok' in auth) return auth;
  const { credential } = auth;

  const xDate = ctx.headers[X_DATE];
  if (xDate === undefined) return fail('MissingRequestInfo', 'X-Date header is missing');
  const xDateMs = typeof xDate === 'string' ? parseXDate(xDate) : undefined;
  if (xDateMs === undefined || typeof xDate !== 'string') {
    return fail('InvalidTimestamp', 'X-Date must be a UTC time formatted YYYYMMDDTHHMMSSZ');
  }
  if (xDate.slice(0, 8) !== credential.shortDate) {
    return fail('InvalidCredential', 'Credential date does not match the date of X-Date');
  }
  if (!auth.signedHeaders.includes(X_DATE)) return fail('InvalidAuthorization', 'SignedHeaders must include x-date');
  const token = ctx.headers[X_SECURITY_TOKEN];
  if (token !== undefined && !auth.signedHeaders.includes(X_SECURITY_TOKEN)) {
    return fail('InvalidAuthorization', 'X-Security-Token is sent but not in SignedHeaders');
  }
  const values = signedHeaderValues(ctx, auth.signedHeaders);
  if (!Array.isArray(values)) return values;

  if (Math.abs(ctx.nowMs - xDateMs) > ctx.maxSkewMs) {
    return fail(
      'InvalidTimestamp',
      `X-Date ${xDate} is more than ${ctx.maxSkewMs / 1000} seconds away from the server time ${new Date(ctx.nowMs).toISOString()}`,
    );
  }
  const serviceFailure = checkService(ctx, credential.service);
  if (serviceFailure) return serviceFailure;

  const key = await keyFor(ctx, credential.accessKeyId, credential.shortDate, credential.region, credential.service);
  if ('ok' in key) return key;

  // The payload hash is always that of the real body; a sent X-Content-Sha256 must agree with it, signed or not.
  const payloadHash = bodyHash(ctx);
  const claimed = ctx.headers[X_CONTENT_SHA256];
  if (claimed !== undefined && (typeof claimed !== 'string' || claimed.trim().toLowerCase() !== payloadHash)) {
    return fail('SignatureDoesNotMatch', 'X-Content-Sha256 does not match the SHA-256 of the body');
  }

  const query = parseReceivedQuery(ctx.rawQuery);
  if ('error' in query) return fail('SignatureDoesNotMatch', query.error);
  const queries = query.sortedAscii ? [joinAsReceived(query.params)] : canonicalQueryCandidates(query.params);

  const matched = matchSignature({
    method: ctx.method,
    paths: pathCandidates(ctx.path),
    queries,
    headerNames: auth.signedHeaders,
    headerValues: values,
    payloadHash,
    xDate,
    scope: credential.scope,
    key,
    signature: auth.signature,
  });
  if (!matched) {
    return fail(
      'SignatureDoesNotMatch',
      'the request signature does not match; check the secret key and the canonical request',
    );
  }
  return {
    ok: true,
    accessKeyId: credential.accessKeyId,
    ...(typeof token === 'string' && token.length > 0 ? { sessionToken: token } : {}),
    region: credential.region,
    service: credential.service,
    signedHeaders: auth.signedHeaders,
    presigned: false,
  };
}
