import type { PrivilegeMap } from './privilege.js';
import { isPrivilegeId } from './privilege.js';
import {
  ACCESS_TOKEN_APP_ID_LENGTH,
  ACCESS_TOKEN_VERSION,
  decodeContent,
  decodeMessage,
  TokenLayoutError,
} from './token-layout.js';
import type { AccessTokenDecodeResult, DecodedAccessToken } from './types.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads a "001" token without checking its signature. A malformed token is an answer, not an exception. */
export function decodeAccessToken(token: string): AccessTokenDecodeResult {
  const read = readAccessToken(token);
  return read.ok ? { ok: true, token: read.token } : read;
}

/** decodeAccessToken, keeping the signed message and the signature for verifyAccessToken. */
export function readAccessToken(
  token: string,
):
  | { ok: true; token: DecodedAccessToken; message: Buffer; signature: Buffer }
  | { ok: false; reason: 'malformed'; message: string } {
  if (typeof token !== 'string' || !token.startsWith(ACCESS_TOKEN_VERSION)) {
    return malformed(`token must start with version ${ACCESS_TOKEN_VERSION}`);
  }
  const appId = token.slice(ACCESS_TOKEN_VERSION.length, ACCESS_TOKEN_VERSION.length + ACCESS_TOKEN_APP_ID_LENGTH);
  const encoded = token.slice(ACCESS_TOKEN_VERSION.length + ACCESS_TOKEN_APP_ID_LENGTH);
  if (appId.length !== ACCESS_TOKEN_APP_ID_LENGTH || !BASE64.test(encoded)) {
    return malformed('token is not AppId followed by base64 content');
  }
  try {
    const { message, signature } = decodeContent(Buffer.from(encoded, 'base64'));
    const { nonce, issuedAt, expireAt, roomId, userId, privileges: entries } = decodeMessage(message);
    const privileges: PrivilegeMap = {};
    for (const [id, until] of entries) {
      if (isPrivilegeId(id)) privileges[id] = until;
    }
    return {
      ok: true,
      token: { version: ACCESS_TOKEN_VERSION, appId, nonce, issuedAt, expireAt, roomId, userId, privileges },
      message,
      signature,
    };
  } catch (error) {
    if (error instanceof TokenLayoutError) return malformed(error.message);
    throw error;
  }
}

function malformed(message: string): { ok: false; reason: 'malformed'; message: string } {
  return { ok: false, reason: 'malformed', message };
}
