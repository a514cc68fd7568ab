import { parseCredential, type ParsedCredential } from './parse-credential.js';
import { parseSignedHeaderList } from './parse-authorization.js';
import type { ReceivedParam } from './received-query.js';
import { ALGORITHM, MAX_EXPIRES_SECONDS, PRESIGN_PARAMS, PresignParam, SIGNATURE_HEX } from './scheme.js';
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

/** Parameters a genuine SDK leaves out of X-SignedQueries: the signature, the list itself, and (one Go SDK) the token. */
const MAY_BE_UNSIGNED = new Set<string>([
  PresignParam.Signature,
  PresignParam.SignedQueries,
  PresignParam.SecurityToken,
]);
const EXPIRES = /^\d{1,7}$/;

/**
 * Reads the X-* parameters of a presigned URL (catalog 1.2 step 6). Every other parameter must be covered by
 * X-SignedQueries: an unsigned parameter could have been added by anyone who saw the URL.
 */
export function parsePresignedQuery(params: readonly ReceivedParam[]): PresignedQuery | VerifyFailure {
  const control = new Map<string, string>();
  for (const p of params) {
    if (!PRESIGN_PARAMS.has(p.rawKey)) continue;
    if (control.has(p.rawKey)) return fail('InvalidAuthorization', `query parameter ${p.rawKey} is repeated`);
    control.set(p.rawKey, p.rawValue);
  }
  const signature = control.get(PresignParam.Signature);
  if (!signature) return fail('MissingSignature', 'X-Signature is missing from the query');
  if (!SIGNATURE_HEX.test(signature)) return fail('InvalidAuthorization', 'X-Signature must be 64 hexadecimal digits');
  if (control.get(PresignParam.Algorithm) !== ALGORITHM) {
    return fail('InvalidAuthorization', `X-Algorithm must be "${ALGORITHM}"`);
  }
  const credentialValue = control.get(PresignParam.Credential);
  if (!credentialValue) return fail('InvalidAuthorization', 'X-Credential is missing from the query');
  const credential = parseCredential(credentialValue);
  if ('ok' in credential) return credential;

  const xDate = control.get(PresignParam.Date);
  if (xDate === undefined) return fail('MissingRequestInfo', 'X-Date is missing from the query');
  const xDateMs = parseXDate(xDate);
  if (xDateMs === undefined) return fail('InvalidTimestamp', 'X-Date must be a UTC time formatted YYYYMMDDTHHMMSSZ');
  if (!xDate.startsWith(credential.shortDate)) {
    return fail('InvalidCredential', 'X-Credential date does not match the date of X-Date');
  }

  const expires = control.get(PresignParam.Expires);
  if (expires !== undefined && (!EXPIRES.test(expires) || +expires < 1 || +expires > MAX_EXPIRES_SECONDS)) {
    return fail('InvalidAuthorization', `X-Expires must be a whole number of seconds from 1 to ${MAX_EXPIRES_SECONDS}`);
  }

  const signedHeaders = parseSignedHeaderList(control.get(PresignParam.SignedHeaders) ?? '');
  if ('ok' in signedHeaders) return signedHeaders;

  const list = control.get(PresignParam.SignedQueries);
  const listed = list === undefined ? undefined : new Set(list.split(';'));
  if (listed !== undefined && !listed.has(PresignParam.Date))
    return fail('InvalidAuthorization', 'X-SignedQueries must include X-Date');
  if (listed !== undefined && expires !== undefined && !listed.has(PresignParam.Expires)) {
    return fail('InvalidAuthorization', 'X-SignedQueries must include X-Expires');
  }
  const signedParams: ReceivedParam[] = [];
  let unlistedToken: ReceivedParam | undefined;
  for (const p of params) {
    if (listed === undefined ? p.rawKey !== PresignParam.Signature : listed.has(p.rawKey)) signedParams.push(p);
    else if (p.rawKey === PresignParam.SecurityToken) unlistedToken = p;
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
    notSignBody: control.has(PresignParam.NotSignBody),
    sessionToken: control.get(PresignParam.SecurityToken) || undefined,
    signature: signature.toLowerCase(),
  };
}
