// Names and fixed strings of the Volcengine V4 scheme (catalog section 1.2).

export const ALGORITHM = 'HMAC-SHA256';
/** The last element of every credential scope. */
export const SCOPE_TERMINATOR = 'request';

export const X_DATE = 'x-date';
export const X_CONTENT_SHA256 = 'x-content-sha256';
export const X_SECURITY_TOKEN = 'x-security-token';
export const AUTHORIZATION = 'authorization';

/** The hash of an empty payload, also used by presigned URLs (X-NotSignBody). */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Query parameters of the presigned (query-signing) variant. */
export const Q_ALGORITHM = 'X-Algorithm';
export const Q_CREDENTIAL = 'X-Credential';
export const Q_DATE = 'X-Date';
export const Q_EXPIRES = 'X-Expires';
export const Q_NOT_SIGN_BODY = 'X-NotSignBody';
export const Q_SECURITY_TOKEN = 'X-Security-Token';
export const Q_SIGNED_HEADERS = 'X-SignedHeaders';
export const Q_SIGNED_QUERIES = 'X-SignedQueries';
export const Q_SIGNATURE = 'X-Signature';

export function credentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/${SCOPE_TERMINATOR}`;
}
