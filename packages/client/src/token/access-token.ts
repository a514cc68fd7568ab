import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { RtcValidationError } from '../errors/rtc-validation-error.js';
import {
  impliedPrivileges,
  isPrivilegeId,
  Privilege,
  type PrivilegeId,
  type PrivilegeMap,
  type PrivilegeName,
} from './privilege.js';
import {
  APP_ID_LENGTH,
  decodeContent,
  decodeMessage,
  encodeContent,
  encodeMessage,
  TOKEN_VERSION,
  TokenLayoutError,
} from './token-layout.js';

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
export interface ParsedAccessToken {
  version: typeof TOKEN_VERSION;
  appId: string;
  nonce: number;
  issuedAt: number;
  expireAt: number;
  roomId: string;
  userId: string;
  privileges: PrivilegeMap;
}

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
    if (typeof init.appId !== 'string' || init.appId.length !== APP_ID_LENGTH) {
      throw new RtcValidationError('appId', `appId must be the ${APP_ID_LENGTH}-character AppId`);
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
    const message = encodeMessage({
      nonce: this.nonce,
      issuedAt: this.issuedAt,
      expireAt: this.expiry,
      roomId: this.roomId,
      userId: this.userId,
      privileges: [...this.grants.entries()].sort((a, b) => a[0] - b[0]),
    });
    const signature = createHmac('sha256', appKey).update(message).digest();
    return TOKEN_VERSION + this.appId + encodeContent(message, signature).toString('base64');
  }

  /** Reads a token without checking its signature; throws RtcValidationError (field `token`) when malformed. */
  static parse(token: string): ParsedAccessToken {
    return AccessToken.split(token).parsed;
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
    let split: ReturnType<typeof AccessToken.split>;
    try {
      split = AccessToken.split(token);
    } catch (error) {
      return { ok: false, reason: 'malformed', message: (error as Error).message };
    }
    const { parsed, message, signature } = split;
    if (options.appId !== undefined && options.appId !== parsed.appId) {
      return { ok: false, reason: 'app-id-mismatch', message: 'the token was issued for another AppId' };
    }
    const expected = createHmac('sha256', appKey).update(message).digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return { ok: false, reason: 'bad-signature', message: 'the token signature does not match the AppKey' };
    }
    const now = options.now === undefined ? Math.floor(Date.now() / 1000) : toSeconds(options.now, 'now');
    if (parsed.expireAt > 0 && now > parsed.expireAt) {
      return { ok: false, reason: 'expired', message: `the token expired at ${parsed.expireAt}` };
    }
    return { ok: true, token: parsed };
  }

  private static split(token: string): { parsed: ParsedAccessToken; message: Buffer; signature: Buffer } {
    if (typeof token !== 'string' || !token.startsWith(TOKEN_VERSION)) {
      throw new RtcValidationError('token', `token must start with version ${TOKEN_VERSION}`);
    }
    const appId = token.slice(TOKEN_VERSION.length, TOKEN_VERSION.length + APP_ID_LENGTH);
    const encoded = token.slice(TOKEN_VERSION.length + APP_ID_LENGTH);
    if (appId.length !== APP_ID_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
      throw new RtcValidationError('token', 'token is not AppId followed by base64 content');
    }
    try {
      const { message, signature } = decodeContent(Buffer.from(encoded, 'base64'));
      const decoded = decodeMessage(message);
      const privileges: PrivilegeMap = {};
      for (const [id, expireAt] of decoded.privileges) {
        if (isPrivilegeId(id)) privileges[id] = expireAt;
      }
      const { nonce, issuedAt, expireAt, roomId, userId } = decoded;
      return {
        parsed: { version: TOKEN_VERSION, appId, nonce, issuedAt, expireAt, roomId, userId, privileges },
        message,
        signature,
      };
    } catch (error) {
      if (error instanceof TokenLayoutError) throw new RtcValidationError('token', error.message);
      throw error;
    }
  }
}

/** True when the parsed token grants `privilege` at `now` (privilege expiry 0 = never expires). */
export function tokenAllows(token: ParsedAccessToken, privilege: PrivilegeId, now: TokenTime = new Date()): boolean {
  const expireAt = token.privileges[privilege];
  if (expireAt === undefined) return false;
  return expireAt === 0 || toSeconds(now, 'now') <= expireAt;
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
