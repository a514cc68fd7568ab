import { PresenceCloseCode, type PresenceLeaveReason } from '@rtc-openapi/api';
import type { RoomMembership } from './room-membership.js';
import type { RoomRegistry } from './room-registry.js';
import type { LeaveNotice, Member, Room } from './room-state.js';
import { broadcast, encodeFrame, noticeFrame } from './server-frame.js';
import type { StreamBans } from './stream-bans.js';
import type { StreamPublishing } from './stream-publishing.js';

/** The periodic check of what runs out: heartbeats, tokens, publish privileges and timed stream bans. */
export class PresenceSweep {
  readonly #registry: RoomRegistry;
  readonly #membership: RoomMembership;
  readonly #publishing: StreamPublishing;
  readonly #streamBans: StreamBans;
  readonly #now: () => number;
  readonly #heartbeatTimeoutMs: number;
  readonly #tokenWarningSeconds: number;

  constructor(deps: {
    registry: RoomRegistry;
    membership: RoomMembership;
    publishing: StreamPublishing;
    streamBans: StreamBans;
    now: () => number;
    heartbeatTimeoutMs: number;
    tokenWarningSeconds: number;
  }) {
    this.#registry = deps.registry;
    this.#membership = deps.membership;
    this.#publishing = deps.publishing;
    this.#streamBans = deps.streamBans;
    this.#now = deps.now;
    this.#heartbeatTimeoutMs = deps.heartbeatTimeoutMs;
    this.#tokenWarningSeconds = deps.tokenWarningSeconds;
  }

  /** Heartbeat timeouts, token warnings and expiry, expired publish privileges, and the end of timed stream bans. */
  sweep(): void {
    const now = this.#now();
    const nowS = Math.floor(now / 1000);
    const timedOut = new Map<Room, Member[]>();
    const expired = new Map<Room, Member[]>();
    for (const room of this.#registry.values()) {
      for (const m of room.members.values()) {
        if (now - m.lastSeen > this.#heartbeatTimeoutMs && !m.conn?.virtual) {
          push(timedOut, room, m);
          continue;
        }
        if (m.streams.size > 0) this.#publishing.dropExpiredPublishing(m, nowS, now);
        const exp = m.parsedToken.expireAt;
        if (exp === 0) continue;
        if (nowS > exp) push(expired, room, m);
        else if (!m.warnedExpiry && nowS >= exp - this.#tokenWarningSeconds) {
          m.warnedExpiry = true;
          m.conn?.send(encodeFrame({ type: 'tokenWillExpire', expireAt: exp }));
        }
      }
    }
    this.#removeAll(timedOut, 'HeartbeatTimeout', {
      frame: noticeFrame('HeartbeatTimeout', 'no frame within the heartbeat timeout'),
      closeCode: PresenceCloseCode.HeartbeatTimeout,
    });
    this.#removeAll(expired, 'onUserTokenDidExpire', {
      frame: encodeFrame({ type: 'tokenExpired', code: -1000 }),
      closeCode: PresenceCloseCode.TokenExpired,
    });
    for (const e of this.#streamBans.expire(now)) {
      const room = this.#registry.room(e.appId, e.roomId);
      if (room) {
        broadcast(room, encodeFrame({ type: 'streamBanned', userId: e.userId, media: e.media, banned: false }));
      }
    }
  }

  #removeAll(byRoom: Map<Room, Member[]>, reason: PresenceLeaveReason, notice: LeaveNotice): void {
    for (const [room, members] of byRoom) this.#membership.remove(room, members, reason, notice);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
