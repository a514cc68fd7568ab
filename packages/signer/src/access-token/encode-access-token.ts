import { checkObject, checkUint32 } from '../check-arguments.js';
import { SignerArgumentError } from '../signer-argument-error.js';
import { isPrivilegeId } from './privilege.js';
import { signTokenMessage } from './sign-token-message.js';
import { ACCESS_TOKEN_APP_ID_LENGTH, ACCESS_TOKEN_VERSION, encodeContent, encodeMessage } from './token-layout.js';
import type { AccessTokenFields } from './types.js';

/**
 * The "001" token string of `token`, signed with the AppKey. Privileges go on the wire sorted by id, as the Go
 * builder writes them (catalog 5.1), so the order they were granted in does not change the bytes. Throws
 * SignerArgumentError for a field that does not fit the layout.
 */
export function encodeAccessToken(token: AccessTokenFields, appKey: string): string {
  checkObject(token, 'token');
  if (typeof token.appId !== 'string' || token.appId.length !== ACCESS_TOKEN_APP_ID_LENGTH) {
    throw new SignerArgumentError('token.appId', `must be the ${ACCESS_TOKEN_APP_ID_LENGTH}-character AppId`);
  }
  checkText(token.roomId, 'token.roomId');
  checkText(token.userId, 'token.userId');
  checkObject(token.privileges, 'token.privileges');
  const privileges: Array<readonly [number, number]> = [];
  for (const [key, expireAt] of Object.entries(token.privileges)) {
    const id = Number(key);
    if (!isPrivilegeId(id)) throw new SignerArgumentError(`token.privileges.${key}`, 'is not a privilege id');
    privileges.push([id, checkUint32(expireAt, `token.privileges.${key}`)]);
  }
  privileges.sort((a, b) => a[0] - b[0]);
  if (typeof appKey !== 'string' || appKey.length === 0) {
    throw new SignerArgumentError('appKey', 'must be a non-empty string');
  }
  const message = encodeMessage({
    nonce: checkUint32(token.nonce, 'token.nonce'),
    issuedAt: checkUint32(token.issuedAt, 'token.issuedAt'),
    expireAt: checkUint32(token.expireAt, 'token.expireAt'),
    roomId: token.roomId,
    userId: token.userId,
    privileges,
  });
  return (
    ACCESS_TOKEN_VERSION + token.appId + encodeContent(message, signTokenMessage(message, appKey)).toString('base64')
  );
}

function checkText(value: unknown, field: string): void {
  if (typeof value !== 'string') throw new SignerArgumentError(field, 'must be a string');
  if (Buffer.byteLength(value, 'utf8') > 0xffff) throw new SignerArgumentError(field, 'is longer than 65535 bytes');
}
