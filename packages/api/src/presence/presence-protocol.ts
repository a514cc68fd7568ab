// The presence protocol's facts that are not frames: its version, path, limits, close codes, leave reasons and
// error codes (docs/presence-protocol.md). Shared by the server and @rtc-openapi/room-client.

/** The presence protocol version: `join.v` and `joined.v`. */
export const PRESENCE_PROTOCOL_VERSION = 1;
export type PresenceProtocolVersion = typeof PRESENCE_PROTOCOL_VERSION;

/** The WebSocket path of the presence endpoint on the API server. */
export const PRESENCE_PATH = '/rtc/presence';

/** The largest frame (128 KiB): room messages are at most 64 KiB, which base64 and JSON grow by about a third. */
export const PRESENCE_MAX_FRAME_BYTES = 128 * 1024;

/** The largest text or decoded binary payload of a `send` (the catalog's 64 KB messaging limit). */
export const PRESENCE_MAX_MESSAGE_BYTES = 64 * 1024;

/** The WebSocket close codes of the presence protocol. */
export const PresenceCloseCode = {
  /** The client sent `leave`. */
  Left: 1000,
  /** The server is shutting down. */
  ServerClosing: 1001,
  /** A text frame that is not valid UTF-8 (sent by the WebSocket layer). */
  InvalidUtf8: 1007,
  /** A frame over PRESENCE_MAX_FRAME_BYTES (sent by the WebSocket layer). */
  FrameTooBig: 1009,
  /** Join refused: the token (InvalidToken, TokenExpired). */
  InvalidToken: 4000,
  /** No frame within the heartbeat timeout, or no `join` within it. */
  HeartbeatTimeout: 4001,
  /** Replaced by a newer connection of the same user. */
  Replaced: 4002,
  /** Join refused: a BanRoomUser rule. */
  Banned: 4003,
  /** The token expired. */
  TokenExpired: 4004,
  /** The connection did not read what it was sent (backpressure). */
  SlowConsumer: 4005,
  /** KickUser, BanRoomUser. */
  Kicked: 4006,
  /** DismissRoom. */
  RoomDismissed: 4011,
} as const;
export type PresenceCloseCodeValue = (typeof PresenceCloseCode)[keyof typeof PresenceCloseCode];

/** Why a user left its room: `userLeft.reason`, and the `Reason` of the leave and RoomDestroy callbacks. */
export type PresenceLeaveReason =
  | 'UserLeave'
  | 'Kicked'
  | 'RoomDismissed'
  | 'HeartbeatTimeout'
  | 'SlowConsumer'
  | 'onUserTokenDidExpire'
  | 'ServerShutdown'
  | 'ServerRestart';

/** The `code` of an `error` frame. */
export type PresenceErrorCode =
  | 'MalformedFrame'
  | 'UnknownFrameType'
  | 'UnsupportedVersion'
  | 'InvalidToken'
  | 'TokenExpired'
  | 'Banned'
  | 'NotJoined'
  | 'AlreadyJoined'
  | 'NoPrivilege'
  | 'PrivilegeLimited'
  | 'StreamBanned'
  | 'InvisibleCannotPublish'
  | 'UserNotInRoom'
  | 'HeartbeatTimeout'
  | 'Replaced'
  | 'ServerClosing'
  | 'InternalError';
