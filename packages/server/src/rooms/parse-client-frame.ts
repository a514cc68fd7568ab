import {
  isValidId,
  PRESENCE_MAX_MESSAGE_BYTES,
  PRESENCE_PROTOCOL_VERSION,
  type ClientFrame,
  type ClientFrameOf,
  type ClientFrameType,
  type DeviceInfo,
  type FrameId,
  type MediaFlags,
  type StreamName,
} from '@rtc-openapi/api';
import { previewOf } from './frame-preview.js';

// The server's reading of the client frames (the shared ClientFrame type of @rtc-openapi/api): every field
// checked, defaults filled in, a problem naming the offending field.

/** A client frame as read: the optional fields of the wire frame with their defaults filled in. */
export type ParsedClientFrame =
  | (Omit<ClientFrameOf<'join'>, 'visible' | 'device'> & { visible: boolean; device: Required<DeviceInfo> })
  | (Omit<ClientFrameOf<'publish'>, keyof MediaFlags | 'videoHeight'> & MediaFlags & { videoHeight: number })
  | (Omit<ClientFrameOf<'subscribe'>, 'audio' | 'video'> & { audio: boolean; video: boolean })
  | ClientFrameOf<
      'leave' | 'unpublish' | 'unsubscribe' | 'send' | 'renewToken' | 'setVisible' | 'ping' | 'getPublicStream'
    >;

export type ParsedFrameOf<T extends ClientFrameType> = Extract<ParsedClientFrame, { type: T }>;

export interface FrameProblem {
  code: 'MalformedFrame' | 'UnsupportedVersion' | 'UnknownFrameType';
  message: string;
  id?: FrameId;
}

class Problem extends Error {
  constructor(
    readonly code: FrameProblem['code'],
    message: string,
  ) {
    super(message);
  }
}

function field(obj: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(obj, name) ? obj[name] : undefined;
}

function requiredId(obj: Record<string, unknown>, name: string): string {
  const v = field(obj, name);
  if (v === undefined) throw new Problem('MalformedFrame', `${name} is required`);
  if (!isValidId(v)) throw new Problem('MalformedFrame', `${name} must match [a-zA-Z0-9_@.-]{1,128}`);
  return v;
}

function optionalBool(obj: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const v = field(obj, name);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new Problem('MalformedFrame', `${name} must be a boolean`);
  return v;
}

function optionalShortString(obj: Record<string, unknown>, name: string, max: number): string {
  const v = field(obj, name);
  if (v === undefined) return '';
  if (typeof v !== 'string' || v.length > max) {
    throw new Problem('MalformedFrame', `${name} must be a string of at most ${max} characters`);
  }
  return v;
}

function stream(obj: Record<string, unknown>): StreamName {
  const v = field(obj, 'stream');
  if (v !== 'main' && v !== 'screen') throw new Problem('MalformedFrame', 'stream must be "main" or "screen"');
  return v;
}

function token(obj: Record<string, unknown>): string {
  const v = field(obj, 'token');
  if (typeof v !== 'string' || v.length === 0 || v.length > 4096) {
    throw new Problem('MalformedFrame', 'token must be a non-empty string');
  }
  return v;
}

/** Parses one client text frame; a problem names the offending field (never echoing a token). */
export function parseClientFrame(raw: string): { frame: ParsedClientFrame } | { problem: FrameProblem } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { problem: { code: 'MalformedFrame', message: 'a frame must be one JSON object' } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: { code: 'MalformedFrame', message: 'a frame must be one JSON object' } };
  }
  const obj = value as Record<string, unknown>;
  const rawId = field(obj, 'id');
  let id: FrameId | undefined;
  if (rawId !== undefined) {
    if (
      !(typeof rawId === 'number' && Number.isSafeInteger(rawId)) &&
      !(typeof rawId === 'string' && rawId.length <= 64)
    ) {
      return { problem: { code: 'MalformedFrame', message: 'id must be an integer or a string of at most 64' } };
    }
    id = rawId;
  }
  try {
    const frame = parseTyped(obj);
    if (id !== undefined) frame.id = id;
    return { frame };
  } catch (e) {
    if (e instanceof Problem) return { problem: { code: e.code, message: e.message, ...(id !== undefined && { id }) } };
    throw e;
  }
}

function parseTyped(obj: Record<string, unknown>): ParsedClientFrame {
  const type = field(obj, 'type');
  switch (type) {
    case 'join': {
      const v = field(obj, 'v');
      if (v === undefined) throw new Problem('MalformedFrame', 'v (the protocol version) is required');
      if (v !== PRESENCE_PROTOCOL_VERSION) {
        throw new Problem(
          'UnsupportedVersion',
          `protocol version ${previewOf(v)} is not supported; use ${PRESENCE_PROTOCOL_VERSION}`,
        );
      }
      const appId = field(obj, 'appId');
      if (typeof appId !== 'string' || appId.length === 0 || appId.length > 64) {
        throw new Problem('MalformedFrame', 'appId must be a non-empty string');
      }
      const device = field(obj, 'device');
      if (device !== undefined && (typeof device !== 'object' || device === null || Array.isArray(device))) {
        throw new Problem('MalformedFrame', 'device must be an object');
      }
      const d = (device ?? {}) as Record<string, unknown>;
      return {
        type,
        v,
        appId,
        roomId: requiredId(obj, 'roomId'),
        userId: requiredId(obj, 'userId'),
        token: token(obj),
        visible: optionalBool(obj, 'visible', true),
        device: {
          type: optionalShortString(d, 'type', 64),
          os: optionalShortString(d, 'os', 64),
          sdkVersion: optionalShortString(d, 'sdkVersion', 64),
        },
      };
    }
    case 'leave':
    case 'ping':
      return { type };
    case 'publish': {
      const audio = optionalBool(obj, 'audio', false);
      const video = optionalBool(obj, 'video', false);
      const data = optionalBool(obj, 'data', false);
      const h = field(obj, 'videoHeight');
      if (h !== undefined && !(typeof h === 'number' && Number.isInteger(h) && h >= 1 && h <= 4320)) {
        throw new Problem('MalformedFrame', 'videoHeight must be an integer from 1 to 4320');
      }
      return { type, stream: stream(obj), audio, video, data, videoHeight: (h as number | undefined) ?? 720 };
    }
    case 'unpublish':
      return { type, stream: stream(obj) };
    case 'subscribe':
      return {
        type,
        userId: requiredId(obj, 'userId'),
        stream: stream(obj),
        audio: optionalBool(obj, 'audio', true),
        video: optionalBool(obj, 'video', true),
      };
    case 'unsubscribe':
      return { type, userId: requiredId(obj, 'userId'), stream: stream(obj) };
    case 'send':
      return parseSend(obj);
    case 'renewToken':
      return { type, token: token(obj) };
    case 'setVisible': {
      const visible = field(obj, 'visible');
      if (typeof visible !== 'boolean') throw new Problem('MalformedFrame', 'visible must be a boolean');
      return { type, visible };
    }
    case 'getPublicStream':
      return { type, publicStreamId: requiredId(obj, 'publicStreamId') };
    case undefined:
      throw new Problem('MalformedFrame', 'type is required');
    default:
      throw new Problem('UnknownFrameType', `unknown frame type ${previewOf(type)}`);
  }
}

function parseSend(obj: Record<string, unknown>): ClientFrameOf<'send'> {
  const to = field(obj, 'to');
  const text = field(obj, 'text');
  const binary = field(obj, 'binary');
  if ((text === undefined) === (binary === undefined)) {
    throw new Problem('MalformedFrame', 'send carries exactly one of text and binary');
  }
  if (text !== undefined && typeof text !== 'string') throw new Problem('MalformedFrame', 'text must be a string');
  if (binary !== undefined && (typeof binary !== 'string' || !isBase64(binary))) {
    throw new Problem('MalformedFrame', 'binary must be a base64 string');
  }
  const size = text !== undefined ? Buffer.byteLength(text as string) : Buffer.byteLength(binary as string, 'base64');
  if (size > PRESENCE_MAX_MESSAGE_BYTES) {
    throw new Problem('MalformedFrame', `the message is ${size} bytes; at most ${PRESENCE_MAX_MESSAGE_BYTES}`);
  }
  const body = text !== undefined ? { text: text as string } : { binary: binary as string };
  return { type: 'send', ...(to !== undefined && { to: requiredId(obj, 'to') }), ...body };
}

export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** Every frame read is a frame of the shared type: the compiler holds this reading to the protocol's. */
const _parsedFramesAreClientFrames = (f: ParsedClientFrame): ClientFrame => f;
