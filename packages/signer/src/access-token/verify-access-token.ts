import { timingSafeEqual } from 'node:crypto';
import { checkObject, checkUint32 } from '../check-arguments.js';
import { SignerArgumentError } from '../signer-argument-error.js';
import { readAccessToken } from './decode-access-token.js';
import { signTokenMessage } from './sign-token-message.js';
import type { AccessTokenVerifyResult, VerifyAccessTokenOptions } from './types.js';

/**
 * Checks a "001" token, in this order: its layout, the AppId (when `options.appId` is given), its HMAC against the
 * AppKey (constant time), its expiry (`expireAt > 0 && now > expireAt` is expired, catalog 5.1), then the RoomId and
 * UserId when given. Per-privilege expiries are checked where a privilege is used (`tokenAllows`).
 */
export function verifyAccessToken(
  token: string,
  appKey: string,
  options: VerifyAccessTokenOptions = {},
): AccessTokenVerifyResult {
  if (typeof appKey !== 'string') throw new SignerArgumentError('appKey', 'must be a string');
  checkObject(options, 'options');
  const now = options.now === undefined ? Math.floor(Date.now() / 1000) : checkUint32(options.now, 'options.now');
  const read = readAccessToken(token);
  if (!read.ok) return read;
  const parsed = read.token;
  if (options.appId !== undefined && options.appId !== parsed.appId) {
    return { ok: false, reason: 'app-id-mismatch', message: 'the token was issued for another AppId' };
  }
  const expected = signTokenMessage(read.message, appKey);
  if (read.signature.length !== expected.length || !timingSafeEqual(read.signature, expected)) {
    return { ok: false, reason: 'bad-signature', message: 'the token signature does not match the AppKey' };
  }
  if (parsed.expireAt > 0 && now > parsed.expireAt) {
    return { ok: false, reason: 'expired', message: `the token expired at ${parsed.expireAt}` };
  }
  if (options.roomId !== undefined && options.roomId !== parsed.roomId) {
    return { ok: false, reason: 'room-id-mismatch', message: 'the token was issued for another RoomId' };
  }
  if (options.userId !== undefined && options.userId !== parsed.userId) {
    return { ok: false, reason: 'user-id-mismatch', message: 'the token was issued for another UserId' };
  }
  return { ok: true, token: parsed };
}
