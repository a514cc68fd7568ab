// The frames the server sends (docs/presence-protocol.md): answers to requests and unsolicited room news.
import type { BannableMedia, FrameId, MediaFlags, StreamName } from './client-frames.js';
import type { PresenceErrorCode, PresenceLeaveReason, PresenceProtocolVersion } from './presence-protocol.js';

/** A published stream and its media. */
export interface StreamState extends MediaFlags {
  stream: StreamName;
}

/** A visible user of the room and what they publish. */
export interface RemoteUser {
  userId: string;
  streams: StreamState[];
}

/** What the server answers to `join` (the `joined` frame without `type`, `id` and `v`). */
export interface JoinedRoom {
  roomId: string;
  userId: string;
  visible: boolean;
  sessionId: string;
  /** True when this join resumed a session that was still in the room (a reconnect). */
  resumed: boolean;
  /** The visible users already in the room, with what they publish. */
  users: RemoteUser[];
  /** What this user publishes (non-empty after a resume). */
  streams: StreamState[];
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Unix seconds; 0 = the token never expires. */
  tokenExpireAt: number;
  /** Media this user may not publish in this room (BanUserStream). */
  bannedMedia: BannableMedia[];
}

/** Who sent a `message`: `user`/`room` another user's `send`; the others the business server's messaging actions. */
export type MessageKind = 'user' | 'room' | 'unicast' | 'roomUnicast' | 'broadcast';

export type ServerFrame =
  | ({ type: 'joined'; id?: FrameId; v: PresenceProtocolVersion } & JoinedRoom)
  | { type: 'ack'; id?: FrameId }
  | { type: 'pong'; id?: FrameId }
  | { type: 'tokenRenewed'; id?: FrameId; expireAt: number }
  /**
   * A public stream as the server knows it: `status` as the task's (0 unknown id, 1 not started, 2 running, 3 ended,
   * 4 failed), the room it is made from and the streams it carries now (empty unless running).
   */
  | {
      type: 'publicStream';
      id?: FrameId;
      publicStreamId: string;
      status: 0 | 1 | 2 | 3 | 4;
      roomId: string;
      streams: { userId: string; stream: StreamName }[];
    }
  | {
      type: 'error';
      id?: FrameId;
      code: PresenceErrorCode;
      message: string;
      /** The RTC client error code, where catalog section 3.4 gives one (-1000 for the token). */
      clientCode?: number;
      /** ISO time a ban or limit ends (Banned, PrivilegeLimited). */
      until?: string;
      /** The banned medium (StreamBanned). */
      media?: string;
    }
  /** A visible user joined, or turned visible (then with `reason: 'RoleChange'`). */
  | { type: 'userJoined'; userId: string; reason?: 'RoleChange' }
  /** A visible user left, or turned invisible (`reason: 'RoleChange'`). */
  | { type: 'userLeft'; userId: string; reason: PresenceLeaveReason | 'RoleChange' }
  | ({ type: 'streamPublished'; userId: string } & StreamState)
  | { type: 'streamUnpublished'; userId: string; stream: StreamName }
  | ({ type: 'message'; kind: MessageKind; from: string } & (
      | { text: string; binary?: never }
      /** Base64. */
      | { binary: string; text?: never }
    ))
  | { type: 'kicked'; code: -1006; reason: 'KickUser' | 'BanRoomUser'; until?: string }
  | { type: 'roomDismissed'; code: -1011 }
  | { type: 'streamBanned'; userId: string; media: BannableMedia; banned: boolean; until?: string }
  | { type: 'privilegesLimited'; privileges: 'publish'[]; until: string }
  | { type: 'tokenWillExpire'; expireAt: number }
  | { type: 'tokenExpired'; code: -1000 };

export type ServerFrameType = ServerFrame['type'];
/** The server frame of one type. */
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
