import type { PrivilegeMap } from './privilege.js';
import type { ACCESS_TOKEN_VERSION } from './token-layout.js';

/** What a "001" AccessToken says (catalog section 5.1). Times are unix seconds; 0 = never expires. */
export interface AccessTokenFields {
  /** The 24-character AppId. */
  appId: string;
  /** uint32. */
  nonce: number;
  issuedAt: number;
  expireAt: number;
  /** May be empty for a real-time-messaging login token (catalog 5.1). */
  roomId: string;
  userId: string;
  /** Privilege id -> its own expiry. */
  privileges: PrivilegeMap;
}

/** A token read back from its string form; privilege ids the catalog does not know are left out. */
export interface DecodedAccessToken extends AccessTokenFields {
  version: typeof ACCESS_TOKEN_VERSION;
}

export type AccessTokenDecodeResult =
  { ok: true; token: DecodedAccessToken } | { ok: false; reason: 'malformed'; message: string };

export type AccessTokenFailureReason =
  'malformed' | 'app-id-mismatch' | 'bad-signature' | 'expired' | 'room-id-mismatch' | 'user-id-mismatch';

/** `message` says what is wrong and never contains the token or the AppKey. */
export type AccessTokenVerifyResult =
  { ok: true; token: DecodedAccessToken } | { ok: false; reason: AccessTokenFailureReason; message: string };

export interface VerifyAccessTokenOptions {
  /** Unix seconds; default now. */
  now?: number;
  /** When given, the token must name this AppId / RoomId / UserId. */
  appId?: string;
  roomId?: string;
  userId?: string;
}
