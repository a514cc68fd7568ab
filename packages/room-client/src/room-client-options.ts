// What a RoomClient is given and what it emits: its options, the join options and its events.
import type { MessageKind, StreamName, StreamState } from './protocol.js';
import type { RoomClientError } from './room-client-error.js';

/** The part of a WebSocket this client uses; the browser's WebSocket and the `ws` package's both have it. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: `globalThis.WebSocket` in browsers, `WebSocket` from the `ws` package in Node 20. */
export type WebSocketConstructor = new (url: string) => unknown;

export interface RoomClientOptions {
  /** The presence endpoint, e.g. `wss://rtc.example.com/rtc/presence`. */
  url: string;
  /** Default: the global WebSocket (browsers; Node 22+). Node 20 has none without a flag: pass `ws`'s. */
  WebSocket?: WebSocketConstructor;
  /** How long a request waits for its answer; default 10 s. */
  requestTimeoutMs?: number;
}

export interface JoinOptions {
  appId: string;
  roomId: string;
  userId: string;
  /** A "001" room-join token for this app, room and user. */
  token: string;
  /** Default true; invisible users are not announced and cannot publish. */
  visible?: boolean;
  device?: { type?: string; os?: string; sdkVersion?: string };
}

export interface PublishOptions {
  audio?: boolean;
  video?: boolean;
  data?: boolean;
  /** The declared video height in pixels (usage tiers); default 720. */
  videoHeight?: number;
}

export interface ReceivedMessage {
  from: string;
  /** `user` (to this user) and `room` come from other users; the rest from the business server's OpenAPI calls. */
  kind: MessageKind;
  text?: string;
  data?: Uint8Array;
}

export interface RoomClientEvents {
  userJoined: { userId: string };
  userLeft: { userId: string; reason: string };
  streamPublished: { userId: string } & StreamState;
  streamUnpublished: { userId: string; stream: StreamName };
  message: ReceivedMessage;
  /** KickUser or BanRoomUser (-1006). The connection closes. */
  kicked: { code: -1006; reason: string; until?: string };
  /** DismissRoom (-1011). The connection closes. */
  roomDismissed: { code: -1011 };
  streamBanned: { userId: string; media: 'audio' | 'video'; until?: string };
  streamUnbanned: { userId: string; media: 'audio' | 'video' };
  /** LimitTokenPrivilege: this token may not publish until `until`; its streams were stopped. */
  privilegesLimited: { privileges: string[]; until: string };
  /** The token expires in 30 s or less: call renewToken. */
  tokenWillExpire: { expireAt: number };
  /** The token ran out; the user has left the room. */
  tokenExpired: { code: number };
  /** The socket closed (after leave, a kick, a network loss...). */
  disconnected: { code: number; reason: string };
  /** An error frame that answers no request (e.g. HeartbeatTimeout). */
  error: RoomClientError;
}

export type RoomClientState = 'idle' | 'connecting' | 'joined' | 'closed';
