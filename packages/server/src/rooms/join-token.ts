import { verifyAccessToken, type AccessTokenVerifyResult, type DecodedAccessToken } from '@rtc-openapi/signer';
import type { RoomApp } from './app-directory.js';
import { PresenceError } from './presence-error.js';

/**
 * Checks that `token` is a good join token of `app` for (roomId, userId): signed with the app's AppKey (or its
 * secondary key) and, unless `nowSeconds` is 0, not expired. Refusals are InvalidToken / TokenExpired (-1000).
 */
export function verifyJoinToken(
  app: RoomApp | undefined,
  target: { appId: string; roomId: string; userId: string },
  token: string,
  nowSeconds: number,
): DecodedAccessToken {
  if (!app || app.status !== 'enabled') {
    throw new PresenceError('InvalidToken', 'the AppId is unknown or disabled', { clientCode: -1000 });
  }
  const { appId, roomId, userId } = target;
  const keys = [app.appKey, app.secondaryAppKey].filter((k): k is string => typeof k === 'string' && k !== '');
  let result: AccessTokenVerifyResult = { ok: false, reason: 'bad-signature', message: 'the app has no AppKey' };
  for (const appKey of keys) {
    result = verifyAccessToken(token, appKey, { appId, roomId, userId, now: nowSeconds });
    // Only a signature mismatch is worth trying the secondary key for.
    if (result.ok || result.reason !== 'bad-signature') break;
  }
  if (result.ok) return result.token;
  throw new PresenceError(result.reason === 'expired' ? 'TokenExpired' : 'InvalidToken', result.message, {
    clientCode: -1000,
  });
}
