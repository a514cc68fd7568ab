import { randomUUID } from 'node:crypto';
import {
  Privilege,
  verifyAccessToken,
  type AccessTokenVerifyResult,
  type DecodedAccessToken,
  type PrivilegeId,
} from '@rtc-openapi/signer';
import {
  PRESENCE_PROTOCOL_VERSION,
  type BannableMedia,
  PresenceCloseCode as CloseCode,
  type MediaFlags,
  type PresenceLeaveReason as LeaveReason,
  type StreamName,
} from '@rtc-openapi/api';
import type { Logger } from 'pino';
import type { CallbackOutbox } from '../events/callback-outbox.js';
import { RoomEventType } from '../events/event-types.js';
import type { Database } from '../store/database.js';
import type { MediaKind, SessionRecords } from '../usage/session-records.js';
import type { RoomApp, RoomAppDirectory } from './app-directory.js';
import { PresenceError } from './presence-error.js';
import type { ParsedFrameOf } from './parse-client-frame.js';
import { RoomBans, type BanTarget } from './room-bans.js';
import { roomKey, type Member, type PresenceConnection, type Room } from './room-state.js';
import { StreamBans } from './stream-bans.js';
import { TokenLimits, tokenHash } from './token-limits.js';
import { hasPrivilege } from './token-privilege.js';

export interface PresenceOptions {
  /** How often clients are asked to send `ping` (advertised in `joined`). */
  heartbeatIntervalMs?: number;
  /** A member silent this long leaves its room (its connection is closed if still open). */
  heartbeatTimeoutMs?: number;
  /** How often heartbeats, token expiry and timed stream bans are checked. */
  sweepIntervalMs?: number;
  /** The client is warned this long before its token expires (catalog 3.4: 30 s). */
  tokenWarningSeconds?: number;
}

type Payload = { text: string } | { binary: string };

const MEDIA: readonly MediaKind[] = ['audio', 'video', 'data'];
const PUBLISH_PRIVILEGE: Record<MediaKind, PrivilegeId> = {
  audio: Privilege.PublishAudioStream,
  video: Privilege.PublishVideoStream,
  data: Privilege.PublishDataStream,
};
const APP_CACHE_MS = 5000;
/** The app cache is keyed by client-supplied AppIds (unknown ones too), so it is cleared when it grows this big. */
const APP_CACHE_MAX = 10_000;

const frame = (f: Record<string, unknown>): string => JSON.stringify(f);
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Room state: who is in which room with which streams, kept in memory, with every change that matters to usage
 * or callbacks written (session records + outbox rows) in one SQLite transaction before memory changes.
 */
export class RoomService {
  readonly #db: Database;
  readonly #apps: RoomAppDirectory;
  readonly #records: SessionRecords;
  readonly #outbox: CallbackOutbox;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #onCommitted: () => void;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly #tokenWarningSeconds: number;
  readonly bans: RoomBans;
  readonly streamBans: StreamBans;
  readonly tokenLimits: TokenLimits;
  readonly #rooms = new Map<string, Room>();
  /** `${appId}\0${userId}` -> that user's memberships (one per room). */
  readonly #byUser = new Map<string, Set<Member>>();
  readonly #appCache = new Map<string, { app: RoomApp | undefined; at: number }>();
  readonly #sweeper: NodeJS.Timeout;
  /** Outbox rows written by the #commit in progress. */
  #enqueued = 0;

  constructor(deps: {
    db: Database;
    apps: RoomAppDirectory;
    records: SessionRecords;
    outbox: CallbackOutbox;
    now: () => number;
    logger?: Logger;
    /** Called after a transaction that enqueued callback rows (wakes the delivery worker). */
    onCommitted: () => void;
    options?: PresenceOptions;
  }) {
    this.#db = deps.db;
    this.#apps = deps.apps;
    this.#records = deps.records;
    this.#outbox = deps.outbox;
    this.#now = deps.now;
    this.#logger = deps.logger;
    this.#onCommitted = deps.onCommitted;
    const o = deps.options ?? {};
    this.heartbeatIntervalMs = o.heartbeatIntervalMs ?? 5000;
    this.heartbeatTimeoutMs = o.heartbeatTimeoutMs ?? 20_000;
    this.#tokenWarningSeconds = o.tokenWarningSeconds ?? 30;
    const now = this.#now();
    this.bans = new RoomBans(this.#db, now);
    this.streamBans = new StreamBans(this.#db);
    this.tokenLimits = new TokenLimits(this.#db, now);
    this.#closeDangling(now);
    this.#sweeper = setInterval(() => this.sweep(), o.sweepIntervalMs ?? 1000);
    this.#sweeper.unref();
  }

  // ---- lookups -------------------------------------------------------------------------------------------------

  room(appId: string, roomId: string): Room | undefined {
    return this.#rooms.get(roomKey(appId, roomId));
  }

  member(appId: string, roomId: string, userId: string): Member | undefined {
    return this.room(appId, roomId)?.members.get(userId);
  }

  /** A user's memberships in an app, in every room. */
  memberships(appId: string, userId: string): readonly Member[] {
    return [...(this.#byUser.get(`${appId}\u0000${userId}`) ?? [])];
  }

  roomsOf(appId: string): Room[] {
    return [...this.#rooms.values()].filter((r) => r.appId === appId);
  }

  async app(appId: string): Promise<RoomApp | undefined> {
    const cached = this.#appCache.get(appId);
    const now = this.#now();
    if (cached && now - cached.at < APP_CACHE_MS) return cached.app;
    const app = (await this.#apps.getApp(appId)) ?? undefined;
    if (this.#appCache.size >= APP_CACHE_MAX) this.#appCache.clear();
    this.#appCache.set(appId, { app, at: now });
    return app;
  }

  /**
   * Checks that `token` is a good join token of this app for (roomId, userId): signed with the app's AppKey (or
   * its secondary key) and, unless `ignoreExpiry`, not expired.
   */
  async checkToken(
    appId: string,
    roomId: string,
    userId: string,
    token: string,
    ignoreExpiry = false,
  ): Promise<DecodedAccessToken> {
    const app = await this.app(appId);
    if (!app || app.status !== 'enabled') {
      throw new PresenceError('InvalidToken', 'the AppId is unknown or disabled', { clientCode: -1000 });
    }
    const now = ignoreExpiry ? 0 : Math.floor(this.#now() / 1000);
    const keys = [app.appKey, app.secondaryAppKey].filter((k): k is string => typeof k === 'string' && k !== '');
    let result: AccessTokenVerifyResult = { ok: false, reason: 'bad-signature', message: 'the app has no AppKey' };
    for (const appKey of keys) {
      result = verifyAccessToken(token, appKey, { appId, roomId, userId, now });
      // Only a signature mismatch is worth trying the secondary key for.
      if (result.ok || result.reason !== 'bad-signature') break;
    }
    if (result.ok) return result.token;
    throw new PresenceError(result.reason === 'expired' ? 'TokenExpired' : 'InvalidToken', result.message, {
      clientCode: -1000,
    });
  }

  // ---- presence: called for client frames ---------------------------------------------------------------------

  async join(conn: PresenceConnection, f: ParsedFrameOf<'join'>): Promise<Member> {
    const parsed = await this.checkToken(f.appId, f.roomId, f.userId, f.token);
    const now = this.#now();
    const bannedUntil = this.bans.blocking(f.appId, f.roomId, f.userId, conn.ip, now);
    if (bannedUntil !== undefined) {
      throw new PresenceError('Banned', `this user may not join the room until ${iso(bannedUntil)}`, {
        until: iso(bannedUntil),
      });
    }
    const existing = this.member(f.appId, f.roomId, f.userId);
    if (existing) {
      // Reconnect (or a second device): the session carries on with its streams; the older socket is told why.
      const old = existing.conn;
      existing.conn = conn;
      existing.lastSeen = now;
      existing.ip = conn.ip;
      if (existing.token !== f.token) this.#setToken(existing, f.token, parsed);
      if (old && old !== conn) {
        old.send(frame({ type: 'error', code: 'Replaced', message: 'the same user joined again elsewhere' }));
        old.close(CloseCode.Replaced, 'replaced');
      }
      if (existing.visible !== f.visible) this.setVisible(existing, f.visible);
      conn.send(this.#joinedFrame(existing, f.id, true));
      return existing;
    }
    const key = roomKey(f.appId, f.roomId);
    let room = this.#rooms.get(key);
    const newRoom = room === undefined;
    room ??= { appId: f.appId, roomId: f.roomId, callId: randomUUID(), members: new Map() };
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
    const r = room;
    this.#commit(() => {
      if (newRoom) {
        this.#records.openCall(r.callId, r.appId, r.roomId, now);
        this.#event(r.appId, RoomEventType.RoomCreate, { RoomId: r.roomId, CallId: r.callId, Timestamp: now }, now);
      }
      this.#records.openSession({
        sessionId: member.sessionId,
        callId: r.callId,
        appId: r.appId,
        roomId: r.roomId,
        userId: member.userId,
        visible: member.visible,
        joinedAt: now,
        ip: conn.ip,
        deviceType: f.device.type,
        os: f.device.os,
        sdkVersion: f.device.sdkVersion,
      });
      this.#event(
        r.appId,
        member.visible ? RoomEventType.UserJoinRoom : RoomEventType.InvisibleUserJoinRoom,
        { RoomId: r.roomId, UserId: member.userId, Timestamp: now },
        now,
      );
    });
    if (newRoom) this.#rooms.set(key, r);
    r.members.set(member.userId, member);
    const userKey = `${r.appId}\u0000${member.userId}`;
    let set = this.#byUser.get(userKey);
    if (!set) this.#byUser.set(userKey, (set = new Set()));
    set.add(member);
    conn.send(this.#joinedFrame(member, f.id, false));
    if (member.visible) this.#broadcast(r, frame({ type: 'userJoined', userId: member.userId }), member);
    return member;
  }

  #joinedFrame(m: Member, id: unknown, resumed: boolean): string {
    const users: { userId: string; streams: { stream: string; audio: boolean; video: boolean; data: boolean }[] }[] =
      [];
    for (const other of m.room.members.values()) {
      if (other === m || !other.visible) continue;
      users.push({
        userId: other.userId,
        streams: [...other.streams].map(([stream, s]) => ({ stream, ...s.media })),
      });
    }
    const now = this.#now();
    return frame({
      type: 'joined',
      ...(id !== undefined && { id }),
      v: PRESENCE_PROTOCOL_VERSION,
      resumed,
      roomId: m.room.roomId,
      userId: m.userId,
      visible: m.visible,
      sessionId: m.sessionId,
      users,
      streams: [...m.streams].map(([stream, s]) => ({ stream, ...s.media })),
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      heartbeatTimeoutMs: this.heartbeatTimeoutMs,
      tokenExpireAt: m.parsedToken.expireAt,
      bannedMedia: (['audio', 'video'] as const).filter((x) =>
        this.streamBans.isBanned(m.room.appId, m.room.roomId, m.userId, x, now),
      ),
    });
  }

  leave(m: Member, reason: LeaveReason, notice?: { frame?: string; closeCode: number }): void {
    this.#removeMembers(m.room, [m], reason, notice);
  }

  /** The socket of `m` is gone; the member stays until a resume or the heartbeat timeout. */
  connectionLost(m: Member, conn: PresenceConnection): void {
    if (m.conn === conn) m.conn = undefined;
  }

  touch(m: Member): void {
    m.lastSeen = this.#now();
  }

  publish(m: Member, stream: StreamName, media: MediaFlags, videoHeight: number): void {
    if (!this.#isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    if (!media.audio && !media.video && !media.data) {
      this.unpublish(m, stream);
      return;
    }
    if (!m.visible) throw new PresenceError('InvisibleCannotPublish', 'an invisible user cannot publish');
    const now = this.#now();
    const nowS = Math.floor(now / 1000);
    const limited = this.tokenLimits.limitedUntil(m.tokenHash, now);
    if (limited !== undefined) {
      throw new PresenceError('PrivilegeLimited', `publishing is limited for this token until ${iso(limited)}`, {
        until: iso(limited),
      });
    }
    for (const kind of MEDIA) {
      if (!media[kind]) continue;
      if (!hasPrivilege(m.parsedToken, PUBLISH_PRIVILEGE[kind], nowS)) {
        throw new PresenceError('NoPrivilege', `the token does not grant publishing ${kind} (or the grant expired)`);
      }
      if (kind !== 'data' && this.streamBans.isBanned(m.room.appId, m.room.roomId, m.userId, kind, now)) {
        throw new PresenceError('StreamBanned', `publishing ${kind} is banned in this room`, { media: kind });
      }
    }
    this.#setStream(m, stream, media, videoHeight, now);
  }

  unpublish(m: Member, stream: StreamName): void {
    if (!this.#isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    if (!m.streams.has(stream)) return;
    this.#setStream(m, stream, { audio: false, video: false, data: false }, 0, this.#now());
  }

  /**
   * `subscribe` checks the token's SubscribeStream privilege; no media flows, so nothing reads what is subscribed to
   * and it is not kept (nor is `unsubscribe`, which is only acknowledged).
   */
  subscribe(m: Member): void {
    if (!this.#isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    if (!hasPrivilege(m.parsedToken, Privilege.SubscribeStream, Math.floor(this.#now() / 1000))) {
      throw new PresenceError('NoPrivilege', 'the token does not grant subscribing (or the grant expired)');
    }
  }

  /** A client's message to one user of its room (`to`) or to everyone else in it. */
  sendFromUser(m: Member, to: string | undefined, payload: Payload): void {
    if (!this.#isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    const f = frame({ type: 'message', kind: to === undefined ? 'room' : 'user', from: m.userId, ...payload });
    if (to === undefined) {
      this.#broadcast(m.room, f, m);
      return;
    }
    const target = m.room.members.get(to);
    if (!target?.conn) throw new PresenceError('UserNotInRoom', `user ${to} is not connected to this room`);
    target.conn.send(f);
  }

  async renewToken(m: Member, token: string): Promise<number> {
    const parsed = await this.checkToken(m.room.appId, m.room.roomId, m.userId, token);
    this.#setToken(m, token, parsed);
    return parsed.expireAt;
  }

  setVisible(m: Member, visible: boolean): void {
    if (m.visible === visible) return;
    const now = this.#now();
    if (!visible) for (const stream of [...m.streams.keys()]) this.#setStream(m, stream, noMedia(), 0, now);
    this.#commit(() => {
      this.#records.setVisible(m.sessionId, visible);
      this.#event(
        m.room.appId,
        visible ? RoomEventType.RoleChangeInvisible2Visible : RoomEventType.RoleChangeVisible2Invisible,
        { RoomId: m.room.roomId, UserId: m.userId, Timestamp: now },
        now,
      );
    });
    m.visible = visible;
    this.#broadcast(
      m.room,
      frame({ type: visible ? 'userJoined' : 'userLeft', userId: m.userId, reason: 'RoleChange' }),
      m,
    );
  }

  // ---- actions ----------------------------------------------------------------------------------------------------

  /** KickUser: -1006 to the user, who may join again at once. False when the user is not in the room. */
  kick(appId: string, roomId: string, userId: string): boolean {
    const m = this.member(appId, roomId, userId);
    if (!m) return false;
    this.#removeMembers(m.room, [m], 'Kicked', {
      frame: frame({ type: 'kicked', code: -1006, reason: 'KickUser' }),
      closeCode: CloseCode.Kicked,
    });
    return true;
  }

  /** DismissRoom: everyone gets -1011 and the room ends. False when nobody was in it. */
  dismiss(appId: string, roomId: string): boolean {
    const room = this.room(appId, roomId);
    if (!room) return false;
    this.#removeMembers(room, [...room.members.values()], 'RoomDismissed', {
      frame: frame({ type: 'roomDismissed', code: -1011 }),
      closeCode: CloseCode.RoomDismissed,
    });
    return true;
  }

  /**
   * BanRoomUser: removes everyone the target matches (-1006) and, for a positive interval, keeps them out until
   * it ends. Returns whether the same rule was already in force.
   */
  ban(target: BanTarget, intervalSeconds: number): { alreadyBanned: boolean } {
    const now = this.#now();
    const alreadyBanned = this.bans.get(target, now) !== undefined;
    const until = intervalSeconds > 0 ? now + intervalSeconds * 1000 : undefined;
    if (until !== undefined) this.bans.set(target, until);
    else this.bans.remove(target);
    const byRoom = new Map<Room, Member[]>();
    const add = (m: Member): void => {
      const list = byRoom.get(m.room);
      if (list) list.push(m);
      else byRoom.set(m.room, [m]);
    };
    if (target.roomId !== '' && target.userId === '') {
      const room = this.room(target.appId, target.roomId);
      if (room) for (const m of room.members.values()) add(m);
    } else if (target.roomId !== '') {
      const m = this.member(target.appId, target.roomId, target.userId);
      if (m) add(m);
    } else if (target.userId !== '') {
      for (const m of this.memberships(target.appId, target.userId)) add(m);
    } else if (target.ip !== '') {
      for (const room of this.roomsOf(target.appId))
        for (const m of room.members.values()) if (m.ip === target.ip) add(m);
    }
    const kicked = frame({
      type: 'kicked',
      code: -1006,
      reason: 'BanRoomUser',
      ...(until !== undefined && { until: iso(until) }),
    });
    for (const [room, members] of byRoom) {
      this.#removeMembers(room, members, 'Kicked', { frame: kicked, closeCode: CloseCode.Kicked });
    }
    return { alreadyBanned };
  }

  /** UpdateBanRoomUserRule: sets the rule's end from now (0 lifts it); does not remove anyone. */
  updateBan(target: BanTarget, intervalSeconds: number): void {
    if (intervalSeconds > 0) this.bans.set(target, this.#now() + intervalSeconds * 1000);
    else this.bans.remove(target);
  }

  /** BanUserStream: stops the user's audio/video and blocks publishing it; the room is told. */
  banStream(
    appId: string,
    roomId: string,
    userId: string,
    media: readonly BannableMedia[],
    intervalSeconds: number | undefined,
  ): void {
    const now = this.#now();
    const until = intervalSeconds ? now + intervalSeconds * 1000 : 0;
    for (const kind of media) this.streamBans.set(appId, roomId, userId, kind, until);
    const m = this.member(appId, roomId, userId);
    if (m) {
      for (const [stream, s] of [...m.streams]) {
        const next = { ...s.media };
        for (const kind of media) next[kind] = false;
        if (next.audio !== s.media.audio || next.video !== s.media.video)
          this.#setStream(m, stream, next, s.videoHeight, now);
      }
    }
    const room = this.room(appId, roomId);
    if (room) {
      for (const kind of media) {
        this.#broadcast(
          room,
          frame({ type: 'streamBanned', userId, media: kind, banned: true, ...(until > 0 && { until: iso(until) }) }),
        );
      }
    }
  }

  unbanStream(appId: string, roomId: string, userId: string, media: readonly BannableMedia[]): void {
    for (const kind of media) this.streamBans.set(appId, roomId, userId, kind, undefined);
    const room = this.room(appId, roomId);
    if (room)
      for (const kind of media)
        this.#broadcast(room, frame({ type: 'streamBanned', userId, media: kind, banned: false }));
  }

  /** LimitTokenPrivilege: the token may not publish until the returned unix ms; its streams stop now. */
  limitToken(appId: string, roomId: string, userId: string, token: string, intervalSeconds: number): number {
    const now = this.#now();
    const until = now + intervalSeconds * 1000;
    const hash = tokenHash(token);
    this.tokenLimits.limit(hash, { appId, roomId, userId }, until);
    const m = this.member(appId, roomId, userId);
    if (m && m.tokenHash === hash) {
      for (const stream of [...m.streams.keys()]) this.#setStream(m, stream, noMedia(), 0, now);
      m.conn?.send(frame({ type: 'privilegesLimited', privileges: ['publish'], until: iso(until) }));
    }
    return until;
  }

  /** Server messaging (SendUnicast and friends): returns how many connections got it. */
  deliverServerMessage(
    members: Iterable<Member>,
    kind: 'unicast' | 'roomUnicast' | 'broadcast',
    from: string,
    payload: Payload,
  ): number {
    const f = frame({ type: 'message', kind, from, ...payload });
    let n = 0;
    for (const m of members) {
      if (!m.conn) continue;
      m.conn.send(f);
      n++;
    }
    return n;
  }

  // ---- housekeeping -----------------------------------------------------------------------------------------------

  /** Heartbeat timeouts, token warnings and expiry, and the end of timed stream bans. */
  sweep(): void {
    const now = this.#now();
    const nowS = Math.floor(now / 1000);
    const timedOut = new Map<Room, Member[]>();
    const expired = new Map<Room, Member[]>();
    for (const room of this.#rooms.values()) {
      for (const m of room.members.values()) {
        if (now - m.lastSeen > this.heartbeatTimeoutMs) {
          push(timedOut, room, m);
          continue;
        }
        if (m.streams.size > 0) this.#dropExpiredPublishing(m, nowS, now);
        const exp = m.parsedToken.expireAt;
        if (exp === 0) continue;
        if (nowS > exp) push(expired, room, m);
        else if (!m.warnedExpiry && nowS >= exp - this.#tokenWarningSeconds) {
          m.warnedExpiry = true;
          m.conn?.send(frame({ type: 'tokenWillExpire', expireAt: exp }));
        }
      }
    }
    for (const [room, members] of timedOut) {
      this.#removeMembers(room, members, 'HeartbeatTimeout', {
        frame: frame({ type: 'error', code: 'HeartbeatTimeout', message: 'no frame within the heartbeat timeout' }),
        closeCode: CloseCode.HeartbeatTimeout,
      });
    }
    for (const [room, members] of expired) {
      this.#removeMembers(room, members, 'onUserTokenDidExpire', {
        frame: frame({ type: 'tokenExpired', code: -1000 }),
        closeCode: CloseCode.TokenExpired,
      });
    }
    for (const e of this.streamBans.expire(now)) {
      const room = this.room(e.appId, e.roomId);
      if (room) this.#broadcast(room, frame({ type: 'streamBanned', userId: e.userId, media: e.media, banned: false }));
    }
  }

  /** A publish privilege of the token ran out (its own expiry, section 5.1): that medium stops. */
  #dropExpiredPublishing(m: Member, nowS: number, now: number): void {
    for (const [stream, s] of [...m.streams]) {
      const next = { ...s.media };
      for (const kind of MEDIA)
        if (next[kind] && !hasPrivilege(m.parsedToken, PUBLISH_PRIVILEGE[kind], nowS)) next[kind] = false;
      if (next.audio === s.media.audio && next.video === s.media.video && next.data === s.media.data) continue;
      this.#setStream(m, stream, next, s.videoHeight, now);
      m.conn?.send(
        frame({
          type: 'error',
          code: 'NoPrivilege',
          message: `the token's publish privilege for the ${stream} stream expired`,
        }),
      );
    }
  }

  /** Ends every session (server shutdown): members leave with reason ServerShutdown, sockets close. */
  close(): void {
    clearInterval(this.#sweeper);
    for (const room of [...this.#rooms.values()]) {
      this.#removeMembers(room, [...room.members.values()], 'ServerShutdown', {
        frame: frame({ type: 'error', code: 'ServerClosing', message: 'the server is shutting down' }),
        closeCode: CloseCode.ServerClosing,
      });
    }
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #isCurrent(m: Member): boolean {
    return m.room.members.get(m.userId) === m && this.#rooms.get(roomKey(m.room.appId, m.room.roomId)) === m.room;
  }

  #setToken(m: Member, token: string, parsed: DecodedAccessToken): void {
    m.token = token;
    m.tokenHash = tokenHash(token);
    m.parsedToken = parsed;
    m.warnedExpiry = false;
  }

  /** Enqueues a callback event (inside a #commit); the rows written are counted so #commit knows whether to wake. */
  #event(appId: string, eventType: string, eventData: Record<string, unknown>, at: number): void {
    this.#enqueued += this.#outbox.enqueue({ appId, eventType, eventData, at });
  }

  /**
   * Runs `fn` in one transaction, then wakes callback delivery only when it enqueued rows: most apps have no
   * subscription, and a wake costs a setImmediate, a SELECT and a timer.
   */
  #commit(fn: () => void): void {
    this.#enqueued = 0;
    this.#db.transaction(fn)();
    // Reached only when the transaction committed; a failed one leaves a count the next #commit resets.
    if (this.#enqueued > 0) this.#onCommitted();
  }

  #broadcast(room: Room, f: string, except?: Member): void {
    for (const m of room.members.values()) if (m !== except) m.conn?.send(f);
  }

  /** Replaces what `m` publishes on `stream` (all false = unpublish), with records, events and room frames. */
  #setStream(m: Member, stream: StreamName, media: MediaFlags, videoHeight: number, now: number): void {
    const prev = m.streams.get(stream);
    const unpublish = !media.audio && !media.video && !media.data;
    if (!prev && unpublish) return;
    const room = m.room;
    const session = { sessionId: m.sessionId, appId: room.appId, roomId: room.roomId, userId: m.userId };
    this.#commit(() => {
      for (const kind of MEDIA) {
        const was = prev?.media[kind] ?? false;
        const heightChanged = kind === 'video' && was && media.video && prev!.videoHeight !== videoHeight;
        if (was && (!media[kind] || heightChanged)) this.#records.closeStream(m.sessionId, stream, kind, now);
        if (media[kind] && (!was || heightChanged)) {
          this.#records.openStream(session, stream, kind, kind === 'video' ? videoHeight : 0, now);
        }
      }
      this.#event(
        room.appId,
        unpublish ? RoomEventType.UserUnpublishStream : RoomEventType.UserPublishStream,
        {
          RoomId: room.roomId,
          UserId: m.userId,
          StreamIndex: stream === 'main' ? 0 : 1,
          Audio: media.audio,
          Video: media.video,
          Data: media.data,
          Timestamp: now,
        },
        now,
      );
    });
    if (unpublish) {
      m.streams.delete(stream);
      this.#broadcast(room, frame({ type: 'streamUnpublished', userId: m.userId, stream }), m);
    } else {
      m.streams.set(stream, { media: { ...media }, videoHeight });
      this.#broadcast(room, frame({ type: 'streamPublished', userId: m.userId, stream, ...media }), m);
    }
  }

  /**
   * Removes members of one room in a single transaction (records, leave events, and RoomDestroy when it empties),
   * tells the removed why and closes their sockets, then tells whoever remains.
   */
  #removeMembers(
    room: Room,
    members: readonly Member[],
    reason: LeaveReason,
    notice: { frame?: string; closeCode: number } | undefined,
  ): void {
    const leaving = members.filter((m) => room.members.get(m.userId) === m);
    if (leaving.length === 0) return;
    const now = this.#now();
    const emptied = leaving.length === room.members.size;
    this.#commit(() => {
      for (const m of leaving) {
        for (const [stream, s] of m.streams) {
          this.#event(
            room.appId,
            RoomEventType.UserUnpublishStream,
            {
              RoomId: room.roomId,
              UserId: m.userId,
              StreamIndex: stream === 'main' ? 0 : 1,
              Audio: s.media.audio,
              Video: s.media.video,
              Data: s.media.data,
              Timestamp: now,
            },
            now,
          );
        }
        this.#records.closeSession(m.sessionId, now, reason);
        this.#event(
          room.appId,
          m.visible ? RoomEventType.UserLeaveRoom : RoomEventType.InvisibleUserLeaveRoom,
          {
            RoomId: room.roomId,
            UserId: m.userId,
            Reason: reason,
            Duration: Math.round((now - m.joinedAt) / 1000),
            Timestamp: now,
          },
          now,
        );
      }
      if (emptied) {
        this.#records.closeCall(room.callId, now, reason);
        this.#event(
          room.appId,
          RoomEventType.RoomDestroy,
          { RoomId: room.roomId, CallId: room.callId, Reason: reason, Timestamp: now },
          now,
        );
      }
    });
    for (const m of leaving) {
      room.members.delete(m.userId);
      const userKey = `${room.appId}\u0000${m.userId}`;
      const set = this.#byUser.get(userKey);
      set?.delete(m);
      if (set?.size === 0) this.#byUser.delete(userKey);
      const conn = m.conn;
      m.conn = undefined;
      if (conn) {
        if (notice?.frame) conn.send(notice.frame);
        conn.close(notice?.closeCode ?? CloseCode.Left, reason);
      }
    }
    if (emptied) {
      this.#rooms.delete(roomKey(room.appId, room.roomId));
      return;
    }
    for (const m of leaving) {
      if (!m.visible) continue;
      for (const stream of m.streams.keys()) {
        this.#broadcast(room, frame({ type: 'streamUnpublished', userId: m.userId, stream }));
      }
      this.#broadcast(room, frame({ type: 'userLeft', userId: m.userId, reason }));
    }
  }

  #closeDangling(now: number): void {
    let closed: ReturnType<SessionRecords['closeDangling']> | undefined;
    this.#commit(() => {
      closed = this.#records.closeDangling(now);
      for (const s of closed.sessions) {
        this.#event(
          s.appId,
          s.visible ? RoomEventType.UserLeaveRoom : RoomEventType.InvisibleUserLeaveRoom,
          { RoomId: s.roomId, UserId: s.userId, Reason: 'ServerRestart', Timestamp: now },
          now,
        );
      }
      for (const c of closed.calls) {
        this.#event(
          c.appId,
          RoomEventType.RoomDestroy,
          { RoomId: c.roomId, CallId: c.callId, Reason: 'ServerRestart', Timestamp: now },
          now,
        );
      }
    });
    if (closed && closed.sessions.length > 0) {
      this.#logger?.info(
        { sessions: closed.sessions.length, calls: closed.calls.length },
        'closed sessions of a previous run',
      );
    }
  }
}

function noMedia(): MediaFlags {
  return { audio: false, video: false, data: false };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
