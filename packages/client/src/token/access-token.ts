import { randomInt } from 'node:crypto';
import {
  ACCESS_TOKEN_APP_ID_LENGTH,
  decodeAccessToken,
  encodeAccessToken,
  impliedPrivileges,
  isPrivilegeId,
  Privilege,
  tokenAllows as grantsAt,
  verifyAccessToken,
  type DecodedAccessToken,
  type PrivilegeId,
  type PrivilegeMap,
  type PrivilegeName,
} from '@rtc-openapi/signer';
import { RtcValidationError } from '../errors/rtc-validation-error.js';

// The "001" layout, its HMAC and its checks live in @rtc-openapi/signer (shared with the server); this class is the
// builder API of the official SDKs on top, with this package's validation errors.

/** A time as unix seconds or a Date. */
export type TokenTime = number | Date;

export interface AccessTokenInit {
  /** The 24-character AppId. */
  appId: string;
  /** May be empty for a real-time-messaging login token (catalog 5.1). */
  roomId: string;
  userId: string;
  /** Random uint32 by default. */
  nonce?: number;
  /** Default: now. */
  issuedAt?: TokenTime;
  /** Token expiry; 0 (the default) = never. The docs advise at most 24 h. */
  expireAt?: TokenTime;
  /** Privileges as they go on the wire; `addPrivilege` is the friendlier way to grant them. */
  privileges?: PrivilegeMap;
}

/** What a token says, as read back from its string form. */
export type ParsedAccessToken = DecodedAccessToken;

export type AccessTokenVerification =
  | { ok: true; token: ParsedAccessToken }
  | { ok: false; reason: 'malformed' | 'app-id-mismatch' | 'bad-signature' | 'expired'; message: string };

const UINT32_MAX = 0xffffffff;

/** The "001" room-join token (catalog section 5): build, parse, verify. */
export class AccessToken {
  readonly appId: string;
  readonly roomId: string;
  readonly userId: string;
  readonly nonce: number;
  readonly issuedAt: number;
  private expiry: number;
  private readonly grants = new Map<PrivilegeId, number>();

  constructor(init: AccessTokenInit) {
    if (typeof init.appId !== 'string' || init.appId.length !== ACCESS_TOKEN_APP_ID_LENGTH) {
      throw new RtcValidationError('appId', `appId must be the ${ACCESS_TOKEN_APP_ID_LENGTH}-character AppId`);
    }
    this.appId = init.appId;
    this.roomId = checkText(init.roomId, 'roomId');
    this.userId = checkText(init.userId, 'userId');
    this.nonce = init.nonce === undefined ? randomInt(0, UINT32_MAX + 1) : checkUint32(init.nonce, 'nonce');
    this.issuedAt = init.issuedAt === undefined ? Math.floor(Date.now() / 1000) : toSeconds(init.issuedAt, 'issuedAt');
    this.expiry = init.expireAt === undefined ? 0 : toSeconds(init.expireAt, 'expireAt');
    for (const [key, expireAt] of Object.entries(init.privileges ?? {})) {
      const id = Number(key);
      if (!isPrivilegeId(id)) throw new RtcValidationError(`privileges.${key}`, `unknown privilege id ${key}`);
      this.grants.set(id, toSeconds(expireAt, `privileges.${key}`));
    }
  }

  get expireAt(): number {
    return this.expiry;
  }

  /** Sets the token expiry (unix seconds or Date; 0 = never). */
  expireTime(expireAt: TokenTime): this {
    this.expiry = toSeconds(expireAt, 'expireAt');
    return this;
  }

  /** Grants a privilege until `expireAt` (0 = never). PublishStream also grants audio, video and data publishing. */
  addPrivilege(privilege: PrivilegeId | PrivilegeName, expireAt: TokenTime = 0): this {
    const id = typeof privilege === 'string' ? Privilege[privilege] : privilege;
    if (id === undefined || !isPrivilegeId(id)) {
      throw new RtcValidationError('privilege', `unknown privilege ${String(privilege)}`);
    }
    const seconds = toSeconds(expireAt, 'expireAt');
    for (const implied of impliedPrivileges(id)) this.grants.set(implied, seconds);
    return this;
  }

  /** The token string, signed with the AppKey. */
  serialize(appKey: string): string {
    if (typeof appKey !== 'string' || appKey.length === 0) {
      throw new RtcValidationError('appKey', 'appKey must be a non-empty string');
    }
    const { appId, nonce, issuedAt, roomId, userId } = this;
    const privileges: PrivilegeMap = Object.fromEntries(this.grants);
    return encodeAccessToken({ appId, nonce, issuedAt, expireAt: this.expiry, roomId, userId, privileges }, appKey);
  }

  /** Reads a token without checking its signature; throws RtcValidationError (field `token`) when malformed. */
  static parse(token: string): ParsedAccessToken {
    const result = decodeAccessToken(token);
    if (!result.ok) throw new RtcValidationError('token', result.message);
    return result.token;
  }

  /**
   * Checks the signature (constant time) and the expiry. `now` defaults to the current time; `appId`, when given,
   * must match the token's.
   */
  static verify(
    token: string,
    appKey: string,
    options: { now?: TokenTime; appId?: string } = {},
  ): AccessTokenVerification {
    const now = options.now === undefined ? undefined : toSeconds(options.now, 'now');
    // No roomId or userId is passed, so the signer's room and user mismatch reasons cannot come back.
    return verifyAccessToken(token, appKey, { now, appId: options.appId }) as AccessTokenVerification;
  }
}

/** True when the parsed token grants `privilege` at `now` (privilege expiry 0 = never expires). */
export function tokenAllows(token: ParsedAccessToken, privilege: PrivilegeId, now: TokenTime = new Date()): boolean {
  return grantsAt(token, privilege, toSeconds(now, 'now'));
}

function checkText(value: string, field: string): string {
  if (typeof value !== 'string') throw new RtcValidationError(field, `${field} must be a string`);
  if (Buffer.byteLength(value, 'utf8') > 0xffff) throw new RtcValidationError(field, `${field} is too long`);
  return value;
}

function checkUint32(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new RtcValidationError(field, `${field} must be an integer from 0 to ${UINT32_MAX}`);
  }
  return value;
}

function toSeconds(value: TokenTime, field: string): number {
  const seconds = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  return checkUint32(seconds, field);
}
