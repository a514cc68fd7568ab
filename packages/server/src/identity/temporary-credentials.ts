import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../errors/api-error.js';
import { RecordError } from '../store/record-error.js';

/**
 * Temporary (STS) credentials: an `AKTP` access key, its secret and a session token the caller sends as
 * `X-Security-Token`, valid until an expiry. Only a hash of the token is stored: it is a bearer value like a
 * password, and the server only ever needs to compare it.
 */

/** `AKTP` and at least 32 letters or digits (the official vectors' key has 36; generated ones have 40). */
export const TEMPORARY_ACCESS_KEY_ID_PATTERN = /^AKTP[A-Za-z0-9]{32,}$/;
const SESSION_TOKEN_PATTERN = /^[\x21-\x7e]{16,4096}$/;

/** Volcengine STS issues credentials for 15 minutes to 12 hours; we allow from one minute for short-lived tools. */
export const TEMPORARY_TTL_SECONDS = { min: 60, max: 43_200, default: 3_600 } as const;

export function generateTemporaryAccessKeyId(): string {
  return 'AKTP' + Buffer.from(randomBytes(15).toString('hex')).toString('base64');
}

/** `STS` and 43 base64url characters (256 random bits): header-safe, and not guessable, so a plain hash suffices. */
export function generateSessionToken(): string {
  return 'STS' + randomBytes(32).toString('base64url');
}

export function hashSessionToken(sessionToken: string): Buffer {
  return createHash('sha256').update(`rtc-openapi session token\n${sessionToken}`, 'utf8').digest();
}

/** Field checks for given (not generated) values; the dev seed and tests give them. */
export function checkGivenTemporaryKey(input: { accessKeyId?: string; sessionToken?: string }): void {
  if (input.accessKeyId !== undefined && !TEMPORARY_ACCESS_KEY_ID_PATTERN.test(input.accessKeyId)) {
    throw new RecordError(
      'invalid',
      'a temporary AccessKeyId is AKTP followed by at least 32 letters or digits',
      'accessKeyId',
    );
  }
  if (input.sessionToken !== undefined && !SESSION_TOKEN_PATTERN.test(input.sessionToken)) {
    throw new RecordError('invalid', 'a session token is 16 to 4096 printable ASCII characters', 'sessionToken');
  }
}

/** The expiry from `{ ttlSeconds }` (bounded) or `{ expiresAt }` (any time after now). */
export function temporaryKeyExpiry(input: { ttlSeconds?: number; expiresAt?: Date }, now: Date): Date {
  if (input.expiresAt !== undefined) {
    if (input.ttlSeconds !== undefined) {
      throw new RecordError('invalid', 'give ttlSeconds or expiresAt, not both', 'ttlSeconds');
    }
    if (Number.isNaN(input.expiresAt.getTime()) || input.expiresAt.getTime() <= now.getTime()) {
      throw new RecordError('invalid', 'expiresAt must be a time after now', 'expiresAt');
    }
    return input.expiresAt;
  }
  const ttl = input.ttlSeconds ?? TEMPORARY_TTL_SECONDS.default;
  if (!Number.isSafeInteger(ttl) || ttl < TEMPORARY_TTL_SECONDS.min || ttl > TEMPORARY_TTL_SECONDS.max) {
    throw new RecordError(
      'invalid',
      `ttlSeconds must be a whole number of seconds from ${TEMPORARY_TTL_SECONDS.min} to ${TEMPORARY_TTL_SECONDS.max}`,
      'ttlSeconds',
    );
  }
  return new Date(now.getTime() + ttl * 1000);
}

/**
 * The session-token check of a temporary key, run by the gateway after the signature verified (so a request that
 * does not prove the secret learns nothing about the token). Every failure is InvalidSecretToken; the message
 * never contains the token.
 */
export function sessionTokenChecker(
  accessKeyId: string,
  tokenHash: Buffer,
  expiresAtMs: number,
): (sessionToken: string | undefined, nowMs: number) => void {
  return (sessionToken, nowMs) => {
    if (sessionToken === undefined || sessionToken === '') {
      throw new ApiError(
        'InvalidSecretToken',
        `access key ${accessKeyId} is temporary: the request must carry its session token (X-Security-Token)`,
      );
    }
    if (!timingSafeEqual(hashSessionToken(sessionToken), tokenHash)) {
      throw new ApiError(
        'InvalidSecretToken',
        `the session token is not the one issued with access key ${accessKeyId}`,
      );
    }
    if (nowMs >= expiresAtMs) {
      throw new ApiError(
        'InvalidSecretToken',
        `the temporary credentials of access key ${accessKeyId} expired at ${new Date(expiresAtMs).toISOString()}`,
      );
    }
  };
}
