import type { MediaFlags, StreamName } from '@rtc-openapi/api';
import type { DecodedAccessToken } from '@rtc-openapi/signer';

/** The presence connection as the room logic sees it; the WebSocket lives behind it. */
export interface PresenceConnection {
  readonly ip: string;
  /** A server-side member's connection (virtual-members.ts): no socket, no heartbeat. */
  readonly virtual?: boolean;
  /** Sends one serialised frame; a closed connection ignores it. */
  send(frame: string): void;
  close(code: number, reason: string): void;
}

export interface PublishedStream {
  media: MediaFlags;
  videoHeight: number;
}

export interface Member {
  room: Room;
  userId: string;
  visible: boolean;
  sessionId: string;
  token: string;
  tokenHash: string;
  parsedToken: DecodedAccessToken;
  /** Undefined between a lost connection and either a resume or the heartbeat timeout. */
  conn: PresenceConnection | undefined;
  /** Unix ms of the last frame received. */
  lastSeen: number;
  joinedAt: number;
  warnedExpiry: boolean;
  ip: string;
  streams: Map<StreamName, PublishedStream>;
}

export interface Room {
  appId: string;
  roomId: string;
  /** One room session (ListRoomInfo's CallId): a new one each time an empty room is joined. */
  callId: string;
  members: Map<string, Member>;
}

export const roomKey = (appId: string, roomId: string): string => `${appId}\u0000${roomId}`;

/** What a member leaving is told before its socket closes (the frame is optional: a slow reader gets none). */
export interface LeaveNotice {
  frame?: string;
  closeCode: number;
}
