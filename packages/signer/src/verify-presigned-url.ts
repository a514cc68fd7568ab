import type { VerifyResult } from './types.js';
import type { SigningKey } from './signing-key.js';
import { matchSignature } from './match-signature.js';
import { parsePresignedQuery, type PresignedQuery } from './parse-presigned-query.js';
import { canonicalQueryCandidates, primaryCanonicalQuery, type ReceivedParam } from './received-query.js';
import { EMPTY_SHA256 } from './scheme.js';
import { bodyHash, checkService, keyFor, signedHeaderValues, type VerifyContext } from './verify-context.js';
import { fail, type VerifyFailure } from './verify-failure.js';

/**
 * Verifies the query-signing form (catalog 1.2 step 6). Valid from X-Date - maxSkewSeconds to X-Date + X-Expires,
 * or to X-Date + maxSkewSeconds when there is no X-Expires (the official Node SDK omits it). The body is signed
 * only when X-NotSignBody is absent.
 */
export function verifyPresignedUrl(
  ctx: VerifyContext,
  params: readonly ReceivedParam[],
): VerifyResult | Promise<VerifyResult> {
  const query = parsePresignedQuery(params);
  if ('ok' in query) return query;
  const headerValues = signedHeaderValues(ctx, query.signedHeaders);
  if ('ok' in headerValues) return headerValues;

  if (ctx.nowMs < query.xDateMs - ctx.maxSkewMs) {
    return fail('InvalidTimestamp', `X-Date ${query.xDate} is more than ${ctx.maxSkewMs / 1000} seconds in the future`);
  }
  const expiresAt = query.xDateMs + (query.expiresMs ?? ctx.maxSkewMs);
  if (ctx.nowMs > expiresAt) {
    return fail(
      'InvalidTimestamp',
      `the presigned URL expired ${Math.ceil((ctx.nowMs - expiresAt) / 1000)} seconds ago`,
    );
  }
  const serviceFailure = checkService(ctx, query.credential.service);
  if (serviceFailure) return serviceFailure;

  const key = keyFor(ctx, query.credential);
  return key instanceof Promise
    ? key.then((k) => finish(ctx, query, headerValues, k))
    : finish(ctx, query, headerValues, key);
}

function finish(
  ctx: VerifyContext,
  query: PresignedQuery,
  headerValues: string[],
  key: SigningKey | VerifyFailure,
): VerifyResult {
  if ('ok' in key) return key;
  const { signedParams, unlistedToken } = query;
  const matched = matchSignature({
    method: ctx.method,
    path: ctx.path,
    query: primaryCanonicalQuery(signedParams),
    moreQueries: () => {
      const without = canonicalQueryCandidates(signedParams);
      if (unlistedToken === undefined) return without;
      const withToken = canonicalQueryCandidates([...signedParams, unlistedToken]);
      // The two likeliest forms first, so that the bounded number of attempts reaches them.
      return [without[0]!, withToken[0]!, ...without.slice(1), ...withToken.slice(1)];
    },
    headerNames: query.signedHeaders,
    headerValues,
    payloadHash: query.notSignBody ? EMPTY_SHA256 : bodyHash(ctx),
    xDate: query.xDate,
    scope: query.credential.scope,
    key,
    signature: query.signature,
  });
  if (!matched) {
    return fail(
      'SignatureDoesNotMatch',
      'the URL signature does not match; check the secret key and the canonical request',
    );
  }
  const result: VerifyResult = {
    ok: true,
    accessKeyId: query.credential.accessKeyId,
    region: query.credential.region,
    service: query.credential.service,
    signedHeaders: query.signedHeaders,
    presigned: true,
  };
  // One Go SDK leaves the token unsigned; the identity layer validates it like any other session token.
  if (query.sessionToken !== undefined) result.sessionToken = query.sessionToken;
  return result;
}
