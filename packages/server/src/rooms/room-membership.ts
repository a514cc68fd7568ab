import { randomUUID } from 'node:crypto';
import { PresenceCloseCode, type PresenceLeaveReason } from '@rtc-openapi/api';
import type { DecodedAccessToken } from '@rtc-openapi/signer';
import { joinedFrame } from './joined-frame.js';
import type { ParsedFrameOf } from './parse-client-frame.js';
import { PresenceError } from './presence-error.js';
import type { RoomBans } from './room-bans.js';
import {
  eventUser,
  roleChangeEvent,
  roomCreateEvent,
  roomDestroyEvent,
  userJoinEvent,
  userLeaveEvent,
  userStreamEvent,
} from './room-events.js';
import type { RoomRegistry } from './room-registry.js';
import type { LeaveNotice, Member, PresenceConnection, Room } from './room-state.js';
import type { RoomWriter } from './room-writer.js';
import { broadcast, encodeFrame, isoTime, noticeFrame } from './server-frame.js';
import type { StreamBans } from './stream-bans.js';
import type { StreamPublishing } from './stream-publishing.js';
import { tokenHash } from './token-limits.js';

/** Joining and leaving rooms, resumes, visibility and token renewal, with their records, events and frames. */
export class RoomMembership {
  readonly #registry: RoomRegistry;
  readonly #writer: RoomWriter;
  readonly #publishing: StreamPublishing;
  readonly #bans: RoomBans;
  readonly #streamBans: StreamBans;
  readonly #now: () => number;
  readonly #heartbeat: { heartbeatIntervalMs: number; heartbeatTimeoutMs: number };

  constructor(deps: {
    registry: RoomRegistry;
    writer: RoomWriter;
    publishing: StreamPublishing;
    bans: RoomBans;
    streamBans: StreamBans;
    now: () => number;
    heartbeatIntervalMs: number;
    heartbeatTimeoutMs: number;
  }) {
    this.#registry = deps.registry;
    this.#writer = deps.writer;
    this.#publishing = deps.publishing;
    this.#bans = deps.bans;
    this.#streamBans = deps.streamBans;
    this.#now = deps.now;
    this.#heartbeat = { heartbeatIntervalMs: deps.heartbeatIntervalMs, heartbeatTimeoutMs: deps.heartbeatTimeoutMs };
  }

  /** A join whose token was checked (`parsed`): a new member, or a resume of the session already in the room. */
  join(conn: PresenceConnection, f: ParsedFrameOf<'join'>, parsed: DecodedAccessToken): Member {
    const now = this.#now();
    const bannedUntil = this.#bans.blocking(f.appId, f.roomId, f.userId, conn.ip, now);
    if (bannedUntil !== undefined) {
      throw new PresenceError('Banned', `this user may not join the room until ${isoTime(bannedUntil)}`, {
        until: isoTime(bannedUntil),
      });
    }
    const existing = this.#registry.member(f.appId, f.roomId, f.userId);
    if (existing) {
      // Reconnect (or a second device): the session carries on with its streams; the older socket is told why.
      const old = existing.conn;
      existing.conn = conn;
      existing.lastSeen = now;
      existing.ip = conn.ip;
      if (existing.token !== f.token) this.setToken(existing, f.token, parsed);
      if (old && old !== conn) {
        old.send(noticeFrame('Replaced', 'the same user joined again elsewhere'));
        old.close(PresenceCloseCode.Replaced, 'replaced');
      }
      if (existing.visible !== f.visible) this.setVisible(existing, f.visible);
      conn.send(this.#joined(existing, f, true));
      return existing;
    }
    const found = this.#registry.room(f.appId, f.roomId);
    const room: Room = found ?? { appId: f.appId, roomId: f.roomId, callId: randomUUID(), members: new Map() };
    const member: Member = {
      room,
      userId: f.userId,
      visible: f.visible,
      sessionId: randomUUID(),
      token: f.token,
      tokenHash: tokenHash(f.token),
      parsedToken: parsed,
      conn,
      lastSeen: now,
      joinedAt: now,
      warnedExpiry: false,
      ip: conn.ip,
      streams: new Map(),
    };
    const records = this.#writer.records;
    this.#writer.commit(() => {
      if (!found) {
        records.openCall(room.callId, room.appId, room.roomId, now);
        this.#writer.event(roomCreateEvent(room, now));
      }
      records.openSession({
        sessionId: member.sessionId,
        callId: room.callId,
        appId: room.appId,
        roomId: room.roomId,
        userId: member.userId,
        visible: member.visible,
        joinedAt: now,
        ip: conn.ip,
        deviceType: f.device.type,
        os: f.device.os,
        sdkVersion: f.device.sdkVersion,
      });
      this.#writer.event(userJoinEvent(eventUser(member), now));
    });
    this.#registry.add(member);
    conn.send(this.#joined(member, f, false));
    if (member.visible) broadcast(room, encodeFrame({ type: 'userJoined', userId: member.userId }), member);
    return member;
  }

  #joined(m: Member, f: ParsedFrameOf<'join'>, resumed: boolean): string {
    return joinedFrame(m, f.id, resumed, { ...this.#heartbeat, streamBans: this.#streamBans, now: this.#now() });
  }

  /** The socket of `m` is gone; the member stays until a resume or the heartbeat timeout. */
  connectionLost(m: Member, conn: PresenceConnection): void {
    if (m.conn === conn) m.conn = undefined;
  }

  touch(m: Member): void {
    m.lastSeen = this.#now();
  }

  setToken(m: Member, token: string, parsed: DecodedAccessToken): void {
    m.token = token;
    m.tokenHash = tokenHash(token);
    m.parsedToken = parsed;
    m.warnedExpiry = false;
  }

  setVisible(m: Member, visible: boolean): void {
    if (m.visible === visible) return;
    const now = this.#now();
    if (!visible) this.#publishing.stopAll(m, now);
    this.#writer.commit(() => {
      this.#writer.records.setVisible(m.sessionId, visible);
      this.#writer.event(roleChangeEvent(eventUser(m), visible, now));
    });
    m.visible = visible;
    const userId = m.userId;
    const reason = 'RoleChange';
    broadcast(
      m.room,
      encodeFrame(visible ? { type: 'userJoined', userId, reason } : { type: 'userLeft', userId, reason }),
      m,
    );
  }

  /**
   * Removes members of one room in a single transaction (records, leave events, and RoomDestroy when it empties),
   * tells the removed why and closes their sockets, then tells whoever remains.
   */
  remove(room: Room, members: readonly Member[], reason: PresenceLeaveReason, notice: LeaveNotice | undefined): void {
    const leaving = members.filter((m) => room.members.get(m.userId) === m);
    if (leaving.length === 0) return;
    const now = this.#now();
    const emptied = leaving.length === room.members.size;
    const records = this.#writer.records;
    this.#writer.commit(() => {
      for (const m of leaving) {
        const user = eventUser(m);
        for (const [stream, s] of m.streams) this.#writer.event(userStreamEvent(user, false, stream, s.media, now));
        records.closeSession(m.sessionId, now, reason);
        this.#writer.event(userLeaveEvent(user, reason, Math.round((now - m.joinedAt) / 1000), now));
      }
      if (emptied) {
        records.closeCall(room.callId, now, reason);
        this.#writer.event(roomDestroyEvent(room, reason, now));
      }
    });
    for (const m of leaving) {
      this.#registry.remove(m);
      const conn = m.conn;
      m.conn = undefined;
      if (conn) {
        if (notice?.frame) conn.send(notice.frame);
        conn.close(notice?.closeCode ?? PresenceCloseCode.Left, reason);
      }
    }
    if (emptied) {
      this.#registry.removeRoom(room);
      return;
    }
    for (const m of leaving) {
      if (!m.visible) continue;
      for (const stream of m.streams.keys()) {
        broadcast(room, encodeFrame({ type: 'streamUnpublished', userId: m.userId, stream }));
      }
      broadcast(room, encodeFrame({ type: 'userLeft', userId: m.userId, reason }));
    }
  }
}
