// Byte layout of the "001" token (catalog section 5.1): `"001" + AppId + base64(packBytes(msg) + packBytes(sig))`,
// little-endian integers, uint16-length-prefixed byte strings.

export const ACCESS_TOKEN_VERSION = '001';
export const ACCESS_TOKEN_APP_ID_LENGTH = 24;

export interface TokenMessage {
  nonce: number;
  issuedAt: number;
  expireAt: number;
  roomId: string;
  userId: string;
  /** Sorted by id ascending on the wire. */
  privileges: ReadonlyArray<readonly [id: number, expireAt: number]>;
}

/** A layout problem; its message says what is wrong and never contains the token. */
export class TokenLayoutError extends Error {}

export function encodeMessage(message: TokenMessage): Buffer {
  const room = Buffer.from(message.roomId, 'utf8');
  const user = Buffer.from(message.userId, 'utf8');
  const size = 12 + 2 + room.length + 2 + user.length + 2 + message.privileges.length * 6;
  const out = Buffer.alloc(size);
  let at = out.writeUInt32LE(message.nonce, 0);
  at = out.writeUInt32LE(message.issuedAt, at);
  at = out.writeUInt32LE(message.expireAt, at);
  at = writeBytes(out, at, room);
  at = writeBytes(out, at, user);
  at = out.writeUInt16LE(message.privileges.length, at);
  for (const [id, expireAt] of message.privileges) {
    at = out.writeUInt16LE(id, at);
    at = out.writeUInt32LE(expireAt, at);
  }
  return out;
}

export function decodeMessage(bytes: Buffer): TokenMessage {
  const reader = new Reader(bytes);
  const nonce = reader.uint32();
  const issuedAt = reader.uint32();
  const expireAt = reader.uint32();
  const roomId = reader.bytes().toString('utf8');
  const userId = reader.bytes().toString('utf8');
  const count = reader.uint16();
  const privileges: Array<readonly [number, number]> = [];
  for (let i = 0; i < count; i++) privileges.push([reader.uint16(), reader.uint32()]);
  reader.end();
  return { nonce, issuedAt, expireAt, roomId, userId, privileges };
}

/** `packBytes(msg) + packBytes(sig)`. */
export function encodeContent(message: Buffer, signature: Buffer): Buffer {
  const out = Buffer.alloc(4 + message.length + signature.length);
  writeBytes(out, writeBytes(out, 0, message), signature);
  return out;
}

export function decodeContent(content: Buffer): { message: Buffer; signature: Buffer } {
  const reader = new Reader(content);
  const message = reader.bytes();
  const signature = reader.bytes();
  reader.end();
  return { message, signature };
}

function writeBytes(out: Buffer, at: number, bytes: Buffer): number {
  const next = out.writeUInt16LE(bytes.length, at);
  bytes.copy(out, next);
  return next + bytes.length;
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new TokenLayoutError('token content is truncated');
  }
  uint16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.at);
    this.at += 2;
    return v;
  }
  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.uint16();
    this.need(n);
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  end(): void {
    if (this.at !== this.buf.length) throw new TokenLayoutError('token content has trailing bytes');
  }
}
