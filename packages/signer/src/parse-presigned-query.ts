import { parseCredential, type ParsedCredential } from './parse-credential.js';
import { parseSignedHeaderList } from './parse-authorization.js';
import type { ReceivedParam } from './received-query.js';
import {
  ALGORITHM,
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
import { fail, quote, type VerifyFailure } from './verify-failure.js';
import { parseXDate } from './x-date.js';

export interface PresignedQuery {
  credential: ParsedCredential;
  xDate: string;
  xDateMs: number;
  /** From X-Expires, in milliseconds; undefined when the URL has none. */
  expiresMs: number | undefined;
  signedHeaders: readonly string[];
  /** The parameters X-SignedQueries covers (all but X-Signature when the list is absent). */
  signedParams: ReceivedParam[];
  /** X-Security-Token when present but not listed: some Go and Python versions sign it anyway, one Go SDK does not. */
  unlistedToken: ReceivedParam | undefined;
  notSignBody: boolean;
  sessionToken: string | undefined;
  /** Lower-case hex. */
  signature: string;
}

const CONTROL = new Set([
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_NOT_SIGN_BODY,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  Q_SIGNED_QUERIES,
]);
/** Parameters a genuine SDK leaves out of X-SignedQueries: the signature, the list itself, and (one Go SDK) the token. */
const MAY_BE_UNSIGNED = new Set([Q_SIGNATURE, Q_SIGNED_QUERIES, Q_SECURITY_TOKEN]);
/** A week, the usual ceiling for presigned URLs. */
export const MAX_EXPIRES_SECONDS = 604_800;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;
const EXPIRES = /^\d{1,7}$/;

/**
 * Reads the X-* parameters of a presigned URL (catalog 1.2 step 6). Every other parameter must be covered by
 * X-SignedQueries: an unsigned parameter could have been added by anyone who saw the URL.
 */
export function parsePresignedQuery(params: readonly ReceivedParam[]): PresignedQuery | VerifyFailure {
  const control = new Map<string, string>();
  for (const p of params) {
    if (!CONTROL.has(p.rawKey)) continue;
    if (control.has(p.rawKey)) return fail('InvalidAuthorization', `query parameter ${p.rawKey} is repeated`);
    control.set(p.rawKey, p.rawValue);
  }
  const signature = control.get(Q_SIGNATURE);
  if (!signature) return fail('MissingSignature', 'X-Signature is missing from the query');
  if (!SIGNATURE.test(signature)) return fail('InvalidAuthorization', 'X-Signature must be 64 hexadecimal digits');
  if (control.get(Q_ALGORITHM) !== ALGORITHM) return fail('InvalidAuthorization', `X-Algorithm must be "${ALGORITHM}"`);
  const credentialValue = control.get(Q_CREDENTIAL);
  if (!credentialValue) return fail('InvalidAuthorization', 'X-Credential is missing from the query');
  const credential = parseCredential(credentialValue);
  if ('ok' in credential) return credential;

  const xDate = control.get(Q_DATE);
  if (xDate === undefined) return fail('MissingRequestInfo', 'X-Date is missing from the query');
  const xDateMs = parseXDate(xDate);
  if (xDateMs === undefined) return fail('InvalidTimestamp', 'X-Date must be a UTC time formatted YYYYMMDDTHHMMSSZ');
  if (!xDate.startsWith(credential.shortDate)) {
    return fail('InvalidCredential', 'X-Credential date does not match the date of X-Date');
  }

  const expires = control.get(Q_EXPIRES);
  if (expires !== undefined && (!EXPIRES.test(expires) || +expires < 1 || +expires > MAX_EXPIRES_SECONDS)) {
    return fail('InvalidAuthorization', `X-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_SECONDS}`);
  }

  const signedHeaders = parseSignedHeaderList(control.get(Q_SIGNED_HEADERS) ?? '');
  if ('ok' in signedHeaders) return signedHeaders;

  const list = control.get(Q_SIGNED_QUERIES);
  const listed = list === undefined ? undefined : new Set(list.split(';'));
  if (listed !== undefined && !listed.has(Q_DATE))
    return fail('InvalidAuthorization', 'X-SignedQueries must include X-Date');
  if (listed !== undefined && expires !== undefined && !listed.has(Q_EXPIRES)) {
    return fail('InvalidAuthorization', 'X-SignedQueries must include X-Expires');
  }
  const signedParams: ReceivedParam[] = [];
  let unlistedToken: ReceivedParam | undefined;
  for (const p of params) {
    if (listed === undefined ? p.rawKey !== Q_SIGNATURE : listed.has(p.rawKey)) signedParams.push(p);
    else if (p.rawKey === Q_SECURITY_TOKEN) unlistedToken = p;
    else if (!MAY_BE_UNSIGNED.has(p.rawKey)) {
      return fail('SignatureDoesNotMatch', `query parameter ${quote(p.rawKey)} is not covered by X-SignedQueries`);
    }
  }

  return {
    credential,
    xDate,
    xDateMs,
    expiresMs: expires === undefined ? undefined : +expires * 1000,
    signedHeaders,
    signedParams,
    unlistedToken,
    notSignBody: control.has(Q_NOT_SIGN_BODY),
    sessionToken: control.get(Q_SECURITY_TOKEN) || undefined,
    signature: signature.toLowerCase(),
  };
}
