/**
 * Close codes the server sends on the presence WebSocket (docs/presence-protocol.md). Two more come from the ws
 * library itself: 1009 for a frame over the 128 KiB limit and 1007 for a text frame that is not valid UTF-8.
 */
export const CloseCode = {
  Left: 1000,
  InvalidToken: 4000,
  HeartbeatTimeout: 4001,
  Replaced: 4002,
  Banned: 4003,
  TokenExpired: 4004,
  /** The connection did not read what the server sent it fast enough (connection-backpressure.ts). */
  SlowConsumer: 4005,
  Kicked: 4006,
  RoomDismissed: 4011,
  ServerClosing: 1001,
} as const;

/** Why a user left; the `Reason` of UserLeaveRoom / InvisibleUserLeaveRoom. */
export type LeaveReason =
  | 'UserLeave'
  | 'Kicked'
  | 'RoomDismissed'
  | 'HeartbeatTimeout'
  | 'SlowConsumer'
  | 'onUserTokenDidExpire'
  | 'ServerShutdown'
  | 'ServerRestart';
