import type { VerifyResult } from './types.js';
import type { SigningKey } from './signing-key.js';
import { matchSignature } from './match-signature.js';
import { parseAuthorization, type ParsedAuthorization } from './parse-authorization.js';
import {
  alreadyCanonicalQuery,
  canonicalQueryCandidates,
  parseReceivedQuery,
  primaryCanonicalQuery,
} from './received-query.js';
import { X_CONTENT_SHA256, X_DATE, X_SECURITY_TOKEN } from './scheme.js';
import { bodyHash, checkService, keyFor, signedHeaderValues, type VerifyContext } from './verify-context.js';
import { fail, type VerifyFailure } from './verify-failure.js';
import { parseXDate } from './x-date.js';

const noMoreQueries = (): string[] => [];

interface Checked {
  auth: ParsedAuthorization;
  xDate: string;
  headerValues: string[];
  token: string | undefined;
}

/**
 * Verifies the Authorization-header form (catalog 1.2 steps 1-5). Cheap checks come first (format, time window,
 * service), then the secret lookup, then the body hash and the signature. Synchronous unless `lookupSecret` is not.
 */
export function verifyAuthorizationHeader(
  ctx: VerifyContext,
  authorization: string,
): VerifyResult | Promise<VerifyResult> {
  const checked = check(ctx, authorization);
  if ('ok' in checked) return checked;
  const key = keyFor(ctx, checked.auth.credential);
  return key instanceof Promise ? key.then((k) => finish(ctx, checked, k)) : finish(ctx, checked, key);
}

function check(ctx: VerifyContext, authorization: string): Checked | VerifyFailure {
  const auth = parseAuthorization(authorization);
  if ('ok' in auth) return auth;
  const { credential, signedHeaders } = auth;

  const xDate = ctx.headers[X_DATE];
  if (xDate === undefined) return fail('MissingRequestInfo', 'X-Date header is missing');
  const xDateMs = typeof xDate === 'string' ? parseXDate(xDate) : undefined;
  if (xDateMs === undefined || typeof xDate !== 'string') {
    return fail('InvalidTimestamp', 'X-Date must be a UTC time formatted YYYYMMDDTHHMMSSZ');
  }
  if (!xDate.startsWith(credential.shortDate)) {
    return fail('InvalidCredential', 'Credential date does not match the date of X-Date');
  }
  if (!signedHeaders.includes(X_DATE)) return fail('InvalidAuthorization', 'SignedHeaders must include x-date');
  const token = ctx.headers[X_SECURITY_TOKEN];
  if (token !== undefined && !signedHeaders.includes(X_SECURITY_TOKEN)) {
    return fail('InvalidAuthorization', 'X-Security-Token is sent but not in SignedHeaders');
  }
  const headerValues = signedHeaderValues(ctx, signedHeaders);
  if ('ok' in headerValues) return headerValues;

  if (Math.abs(ctx.nowMs - xDateMs) > ctx.maxSkewMs) {
    return fail(
      'InvalidTimestamp',
      `X-Date ${xDate} is more than ${ctx.maxSkewMs / 1000} seconds away from the server time ${new Date(ctx.nowMs).toISOString()}`,
    );
  }
  const serviceFailure = checkService(ctx, credential.service);
  if (serviceFailure) return serviceFailure;
  return { auth, xDate, headerValues, token: typeof token === 'string' && token.length > 0 ? token : undefined };
}

function finish(ctx: VerifyContext, checked: Checked, key: SigningKey | VerifyFailure): VerifyResult {
  if ('ok' in key) return key;
  const { auth } = checked;

  // The payload hash is always that of the real body; a sent X-Content-Sha256 must agree with it, signed or not.
  const payloadHash = bodyHash(ctx);
  const claimed = ctx.headers[X_CONTENT_SHA256];
  if (
    claimed !== undefined &&
    claimed !== payloadHash &&
    (typeof claimed !== 'string' || claimed.trim().toLowerCase() !== payloadHash)
  ) {
    return fail('SignatureDoesNotMatch', 'X-Content-Sha256 does not match the SHA-256 of the body');
  }

  let canonicalQuery = alreadyCanonicalQuery(ctx.rawQuery);
  let moreQueries = noMoreQueries;
  if (canonicalQuery === undefined) {
    const query = parseReceivedQuery(ctx.rawQuery);
    if ('error' in query) return fail('SignatureDoesNotMatch', query.error);
    canonicalQuery = primaryCanonicalQuery(query.params);
    moreQueries = () => {
      const candidates = canonicalQueryCandidates(query.params);
      // A client that sent a literal `+` unescaped signed it as `%2B`.
      const literalPlus = ctx.rawQuery.includes('+') ? parseReceivedQuery(ctx.rawQuery, false) : undefined;
      if (literalPlus && 'params' in literalPlus) candidates.push(...canonicalQueryCandidates(literalPlus.params));
      return candidates;
    };
  }

  const matched = matchSignature({
    method: ctx.method,
    path: ctx.path,
    query: canonicalQuery,
    moreQueries,
    headerNames: auth.signedHeaders,
    headerValues: checked.headerValues,
    payloadHash,
    xDate: checked.xDate,
    scope: auth.credential.scope,
    key,
    signature: auth.signature,
  });
  if (!matched) {
    return fail(
      'SignatureDoesNotMatch',
      'the request signature does not match; check the secret key and the canonical request',
    );
  }
  const result: VerifyResult = {
    ok: true,
    accessKeyId: auth.credential.accessKeyId,
    region: auth.credential.region,
    service: auth.credential.service,
    signedHeaders: auth.signedHeaders,
    presigned: false,
  };
  if (checked.token !== undefined) result.sessionToken = checked.token;
  return result;
}
