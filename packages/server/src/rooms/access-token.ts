import { createHmac, timingSafeEqual } from 'node:crypto';

/** Privilege ids of the "001" AccessToken (catalog section 5.1). */
export const Privilege = {
  PublishStream: 0,
  PublishAudioStream: 1,
  PublishVideoStream: 2,
  PublishDataStream: 3,
  SubscribeStream: 4,
} as const;

export interface ParsedAccessToken {
  appId: string;
  nonce: number;
  issuedAt: number;
  /** Unix seconds; 0 = never expires. */
  expireAt: number;
  roomId: string;
  userId: string;
  /** privilege id -> expiry (unix seconds, 0 = never). */
  privileges: ReadonlyMap<number, number>;
  message: Buffer;
  signature: Buffer;
}

const VERSION = '001';
const APP_ID_LENGTH = 24;

/** Why a token was refused; the message never contains the token or the key. */
export class AccessTokenError extends Error {
  constructor(
    readonly reason: 'malformed' | 'app-mismatch' | 'signature' | 'expired' | 'room-mismatch' | 'user-mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'AccessTokenError';
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.offset);
    this.offset += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(): Buffer {
    const len = this.u16();
    this.need(len);
    const v = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return v;
  }
  get done(): boolean {
    return this.offset === this.buf.length;
  }
  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new AccessTokenError('malformed', 'token is truncated');
  }
}

/** Parses a "001" token without checking it. Throws AccessTokenError('malformed') on any layout problem. */
export function parseAccessToken(token: string): ParsedAccessToken {
  if (typeof token !== 'string' || !token.startsWith(VERSION) || token.length <= VERSION.length + APP_ID_LENGTH) {
    throw new AccessTokenError('malformed', 'token is not a "001" AccessToken');
  }
  const appId = token.slice(VERSION.length, VERSION.length + APP_ID_LENGTH);
  const body = token.slice(VERSION.length + APP_ID_LENGTH);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new AccessTokenError('malformed', 'token body is not base64');
  const outer = new Reader(Buffer.from(body, 'base64'));
  const message = outer.bytes();
  const signature = outer.bytes();
  if (!outer.done) throw new AccessTokenError('malformed', 'token has trailing bytes');
  const r = new Reader(message);
  const nonce = r.u32();
  const issuedAt = r.u32();
  const expireAt = r.u32();
  const roomId = r.bytes().toString('utf8');
  const userId = r.bytes().toString('utf8');
  const count = r.u16();
  const privileges = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const id = r.u16();
    privileges.set(id, r.u32());
  }
  if (!r.done) throw new AccessTokenError('malformed', 'token message has trailing bytes');
  return { appId, nonce, issuedAt, expireAt, roomId, userId, privileges, message, signature };
}

export interface VerifyTokenExpectation {
  appId: string;
  appKey: string;
  roomId: string;
  userId: string;
  /** Unix seconds. */
  now: number;
}

/**
 * Parses and checks a join token: the app it names, its HMAC (constant-time), its expiry, and the room and user
 * it was issued for. Per-privilege expiries are checked where a privilege is used (`hasPrivilege`).
 */
export function verifyAccessToken(token: string, expect: VerifyTokenExpectation): ParsedAccessToken {
  const parsed = parseAccessToken(token);
  if (parsed.appId !== expect.appId) throw new AccessTokenError('app-mismatch', 'token was issued for another AppId');
  const wanted = createHmac('sha256', Buffer.from(expect.appKey, 'utf8')).update(parsed.message).digest();
  if (parsed.signature.length !== wanted.length || !timingSafeEqual(parsed.signature, wanted)) {
    throw new AccessTokenError('signature', 'token signature does not match the app key');
  }
  if (parsed.expireAt > 0 && expect.now > parsed.expireAt) throw new AccessTokenError('expired', 'token has expired');
  if (parsed.roomId !== expect.roomId) {
    throw new AccessTokenError('room-mismatch', 'token was issued for another RoomId');
  }
  if (parsed.userId !== expect.userId)
    throw new AccessTokenError('user-mismatch', 'token was issued for another UserId');
  return parsed;
}

/** Whether the token grants `privilege` at `now` (unix seconds). Publish implies audio, video and data. */
export function hasPrivilege(token: ParsedAccessToken, privilege: number, now: number): boolean {
  const check = (id: number): boolean => {
    const exp = token.privileges.get(id);
    return exp !== undefined && (exp === 0 || now <= exp);
  };
  if (check(privilege)) return true;
  return privilege >= 1 && privilege <= 3 && check(Privilege.PublishStream);
}
