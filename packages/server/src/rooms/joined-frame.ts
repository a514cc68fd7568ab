import {
  PRESENCE_PROTOCOL_VERSION,
  type FrameId,
  type RemoteUser,
  type StreamName,
  type StreamState,
} from '@rtc-openapi/api';
import type { Member, PublishedStream } from './room-state.js';
import { encodeFrame } from './server-frame.js';
import type { StreamBans } from './stream-bans.js';

const streamStates = (streams: Map<StreamName, PublishedStream>): StreamState[] =>
  [...streams].map(([stream, s]) => ({ stream, ...s.media }));

/** The answer to `join`: the room as `m` finds it (the visible others and their streams) and its own session. */
export function joinedFrame(
  m: Member,
  id: FrameId | undefined,
  resumed: boolean,
  context: { heartbeatIntervalMs: number; heartbeatTimeoutMs: number; streamBans: StreamBans; now: number },
): string {
  const users: RemoteUser[] = [];
  for (const other of m.room.members.values()) {
    if (other === m || !other.visible) continue;
    users.push({ userId: other.userId, streams: streamStates(other.streams) });
  }
  return encodeFrame({
    type: 'joined',
    ...(id !== undefined && { id }),
    v: PRESENCE_PROTOCOL_VERSION,
    resumed,
    roomId: m.room.roomId,
    userId: m.userId,
    visible: m.visible,
    sessionId: m.sessionId,
    users,
    streams: streamStates(m.streams),
    heartbeatIntervalMs: context.heartbeatIntervalMs,
    heartbeatTimeoutMs: context.heartbeatTimeoutMs,
    tokenExpireAt: m.parsedToken.expireAt,
    bannedMedia: (['audio', 'video'] as const).filter((x) =>
      context.streamBans.isBanned(m.room.appId, m.room.roomId, m.userId, x, context.now),
    ),
  });
}
