import type { VerifyResult } from './types.js';
import { matchSignature } from './match-signature.js';
import { parseCredential } from './parse-credential.js';
import { parseSignedHeaderList } from './parse-authorization.js';
import { canonicalQueryCandidates, primaryCanonicalQuery, type ReceivedParam } from './received-query.js';
import {
  ALGORITHM,
  EMPTY_SHA256,
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_NOT_SIGN_BODY,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  Q_SIGNED_QUERIES,
} from './scheme.js';
import { bodyHash, checkService, keyFor, signedHeaderValues, type VerifyContext } from './verify-context.js';
import { fail, quote } from './verify-failure.js';
import { parseXDate } from './x-date.js';

const CONTROL = [
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_NOT_SIGN_BODY,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  Q_SIGNED_QUERIES,
];
/** Parameters a genuine SDK leaves out of X-SignedQueries: the signature, the list itself, and (one Go SDK) the token. */
const MAY_BE_UNSIGNED = new Set([Q_SIGNATURE, Q_SIGNED_QUERIES, Q_SECURITY_TOKEN]);
/** A week, the usual ceiling for presigned URLs. */
const MAX_EXPIRES_SECONDS = 604_800;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

/**
 * Verifies the query-signing form (catalog 1.2 step 6). The canonical query is made of the parameters named in
 * X-SignedQueries: the Node SDK leaves X-SignedQueries itself out, the Go, Java and Python SDKs put it in, and some
 * Go and Python versions sign X-Security-Token without listing it. Validity: X-Date to X-Date + X-Expires, or
 * +-maxSkewSeconds around X-Date when X-Expires is absent (the official Node SDK omits it).
 */
export async function verifyPresignedUrl(ctx: VerifyContext, params: readonly ReceivedParam[]): Promise<VerifyResult> {
  const control = new Map<string, string>();
  for (const p of params) {
    if (!CONTROL.includes(p.rawKey)) continue;
    if (control.has(p.rawKey)) return fail('InvalidAuthorization', `query parameter ${p.rawKey} is repeated`);
    control.set(p.rawKey, p.rawValue);
  }
  const signature = control.get(Q_SIGNATURE);
  if (signature === undefined || signature === '')
    return fail('MissingSignature', 'X-Signature is missing from the query');
  if (!SIGNATURE.test(signature)) return fail('InvalidAuthorization', 'X-Signature must be 64 hexadecimal digits');
  const algorithm = control.get(Q_ALGORITHM);
  if (algorithm !== ALGORITHM) return fail('InvalidAuthorization', `X-Algorithm must be "${ALGORITHM}"`);
  const credentialValue = control.get(Q_CREDENTIAL);
  if (credentialValue === undefined || credentialValue === '')
    return fail('InvalidAuthorization', 'X-Credential is missing from the query');
  const credential = parseCredential(credentialValue);
  if ('ok' in credential) return credential;

  const xDate = control.get(Q_DATE);
  if (xDate === undefined) return fail('MissingRequestInfo', 'X-Date is missing from the query');
  const xDateMs = parseXDate(xDate);
  if (xDateMs === undefined) return fail('InvalidTimestamp', 'X-Date must be a UTC time formatted YYYYMMDDTHHMMSSZ');
  if (xDate.slice(0, 8) !== credential.shortDate) {
    return fail('InvalidCredential', 'X-Credential date does not match the date of X-Date');
  }

  const expiresValue = control.get(Q_EXPIRES);
  let expiresMs = ctx.maxSkewMs;
  if (expiresValue !== undefined) {
    if (!/^\d{1,7}$/.test(expiresValue) || Number(expiresValue) < 1 || Number(expiresValue) > MAX_EXPIRES_SECONDS) {
      return fail(
        'InvalidAuthorization',
        `X-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_SECONDS}`,
      );
    }
    expiresMs = Number(expiresValue) * 1000;
  }

  const headerNames = parseSignedHeaderList(control.get(Q_SIGNED_HEADERS) ?? '');
  if ('ok' in headerNames) return headerNames;
  const headerValues = signedHeaderValues(ctx, headerNames);
  if ('ok' in headerValues) return headerValues;

  const signedQueriesValue = control.get(Q_SIGNED_QUERIES);
  const listed = signedQueriesValue === undefined ? undefined : new Set(signedQueriesValue.split(';'));
  if (listed !== undefined && !listed.has(Q_DATE))
    return fail('InvalidAuthorization', 'X-SignedQueries must include X-Date');
  const signedParams: ReceivedParam[] = [];
  let unlistedToken: ReceivedParam | undefined;
  for (const p of params) {
    if (listed === undefined ? p.rawKey !== Q_SIGNATURE : listed.has(p.rawKey)) signedParams.push(p);
    else if (p.rawKey === Q_SECURITY_TOKEN) unlistedToken = p;
    else if (!MAY_BE_UNSIGNED.has(p.rawKey)) {
      return fail('SignatureDoesNotMatch', `query parameter ${quote(p.rawKey)} is not covered by X-SignedQueries`);
    }
  }

  if (ctx.nowMs < xDateMs - ctx.maxSkewMs) {
    return fail('InvalidTimestamp', `X-Date ${xDate} is more than ${ctx.maxSkewMs / 1000} seconds in the future`);
  }
  if (ctx.nowMs > xDateMs + expiresMs) {
    return fail(
      'InvalidTimestamp',
      `the presigned URL expired ${Math.round((ctx.nowMs - xDateMs - expiresMs) / 1000)} seconds ago`,
    );
  }
  const serviceFailure = checkService(ctx, credential.service);
  if (serviceFailure) return serviceFailure;

  const found = keyFor(ctx, credential);
  const key = found instanceof Promise ? await found : found;
  if ('ok' in key) return key;

  // Some Go and Python versions sign X-Security-Token without listing it in X-SignedQueries.
  const withToken = unlistedToken === undefined ? undefined : [...signedParams, unlistedToken];
  const matched = matchSignature({
    method: ctx.method,
    path: ctx.path,
    query: primaryCanonicalQuery(signedParams),
    moreQueries: () => [
      ...canonicalQueryCandidates(signedParams),
      ...(withToken === undefined ? [] : canonicalQueryCandidates(withToken)),
    ],
    headerNames,
    headerValues,
    payloadHash: control.has(Q_NOT_SIGN_BODY) ? EMPTY_SHA256 : bodyHash(ctx),
    xDate,
    scope: credential.scope,
    key,
    signature: signature.toLowerCase(),
  });
  if (!matched) {
    return fail(
      'SignatureDoesNotMatch',
      'the URL signature does not match; check the secret key and the canonical request',
    );
  }
  const token = control.get(Q_SECURITY_TOKEN);
  return {
    ok: true,
    accessKeyId: credential.accessKeyId,
    ...(token ? { sessionToken: token } : {}),
    region: credential.region,
    service: credential.service,
    signedHeaders: headerNames,
    presigned: true,
  };
}
