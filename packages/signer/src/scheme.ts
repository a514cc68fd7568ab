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
export const PresignParam = {
  Algorithm: 'X-Algorithm',
  Credential: 'X-Credential',
  Date: 'X-Date',
  Expires: 'X-Expires',
  NotSignBody: 'X-NotSignBody',
  SecurityToken: 'X-Security-Token',
  SignedHeaders: 'X-SignedHeaders',
  SignedQueries: 'X-SignedQueries',
  Signature: 'X-Signature',
} as const;

/** Every one of them: presignUrl sets them, so a caller may not; a verifier reads each at most once. */
export const PRESIGN_PARAMS: ReadonlySet<string> = new Set(Object.values(PresignParam));

/** A week, the usual ceiling for presigned URLs (X-Expires, in seconds). */
export const MAX_EXPIRES_SECONDS = 604_800;

export function credentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/${SCOPE_TERMINATOR}`;
}

/** A signature as sent: 64 hex digits, either case. */
export const SIGNATURE_HEX = /^[0-9a-fA-F]{64}$/;
