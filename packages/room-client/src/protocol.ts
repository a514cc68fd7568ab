// The presence protocol, version 1, as the client sees it (docs/presence-protocol.md). The server has its own
// reading of the same page; neither imports the other.

export const PROTOCOL_VERSION = 1;

export type StreamName = 'main' | 'screen';
export type MediaKind = 'audio' | 'video' | 'data';

export interface StreamState {
  stream: StreamName;
  audio: boolean;
  video: boolean;
  data: boolean;
}

export interface RemoteUser {
  userId: string;
  streams: StreamState[];
}

/** What the server answered to `join`. */
export interface JoinedRoom {
  roomId: string;
  userId: string;
  sessionId: string;
  visible: boolean;
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
  bannedMedia: ('audio' | 'video')[];
}

/** Frames the server sends. */
export type ServerFrame =
  | ({ type: 'joined'; id?: number | string; v: number } & JoinedRoom)
  | { type: 'ack'; id?: number | string }
  | { type: 'pong'; id?: number | string }
  | { type: 'tokenRenewed'; id?: number | string; expireAt: number }
  | {
      type: 'error';
      id?: number | string;
      code: string;
      message: string;
      clientCode?: number;
      until?: string;
      media?: string;
    }
  | { type: 'userJoined'; userId: string }
  | { type: 'userLeft'; userId: string; reason: string }
  | ({ type: 'streamPublished'; userId: string } & StreamState)
  | { type: 'streamUnpublished'; userId: string; stream: StreamName }
  | {
      type: 'message';
      kind: 'user' | 'room' | 'unicast' | 'roomUnicast' | 'broadcast';
      from: string;
      text?: string;
      binary?: string;
    }
  | { type: 'kicked'; code: -1006; reason: string; until?: string }
  | { type: 'roomDismissed'; code: -1011 }
  | { type: 'streamBanned'; userId: string; media: 'audio' | 'video'; banned: boolean; until?: string }
  | { type: 'privilegesLimited'; privileges: string[]; until: string }
  | { type: 'tokenWillExpire'; expireAt: number }
  | { type: 'tokenExpired'; code: number };
