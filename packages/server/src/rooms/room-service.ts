import {
  PresenceCloseCode,
  type BannableMedia,
  type MediaFlags,
  type PresenceLeaveReason,
  type StreamName,
} from '@rtc-openapi/api';
import type { DecodedAccessToken } from '@rtc-openapi/signer';
import type { Logger } from 'pino';
import type { TransactionalEvents } from '../events/outbox-writer.js';
import type { SessionRecordStore } from '../usage/usage-store.js';
import type { RoomApp, RoomAppDirectory } from './app-directory.js';
import { closePreviousRun } from './close-previous-run.js';
import { verifyJoinToken } from './join-token.js';
import type { ParsedFrameOf } from './parse-client-frame.js';
import { PresenceSweep } from './presence-sweep.js';
import { RoomBans, type BanTarget } from './room-bans.js';
import { RoomMembership } from './room-membership.js';
import { RoomMessaging, type MessagePayload } from './room-messaging.js';
import { RoomModeration } from './room-moderation.js';
import { RoomRegistry } from './room-registry.js';
import type { RoomStore } from './room-store.js';
import type { LeaveNotice, Member, PresenceConnection, Room } from './room-state.js';
import { RoomWriter } from './room-writer.js';
import { noticeFrame } from './server-frame.js';
import { StreamBans } from './stream-bans.js';
import { StreamPublishing } from './stream-publishing.js';
import { TokenLimits } from './token-limits.js';

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

/**
 * Live rooms: who is in which room with which streams, kept in memory (room-registry.ts), with every change that
 * matters to usage or callbacks written (session records + outbox rows, room-writer.ts) in one SQLite transaction
 * before memory changes. The facade the presence gateway and the room and messaging providers call; the work is
 * done by membership (join, leave, visibility), stream publishing, moderation, messaging and the sweep.
 */
export class RoomService {
  readonly #apps: RoomAppDirectory;
  readonly #now: () => number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly #registry = new RoomRegistry();
  readonly #membership: RoomMembership;
  readonly #publishing: StreamPublishing;
  readonly #moderation: RoomModeration;
  readonly #messaging: RoomMessaging;
  readonly #sweep: PresenceSweep;
  readonly #sweeper: NodeJS.Timeout;

  constructor(deps: {
    /** Bans, stream bans and token limits (room-store.ts). */
    store: RoomStore;
    apps: RoomAppDirectory;
    records: SessionRecordStore;
    /** The outbox and its transaction (OutboxWriter: wakes the delivery worker after a commit that wrote rows). */
    events: TransactionalEvents;
    now: () => number;
    logger?: Logger;
    /** Called after every committed room change (room-writer.ts); the change is in memory by the next turn. */
    onChange?: () => void;
    options?: PresenceOptions;
  }) {
    this.#apps = deps.apps;
    const now = (this.#now = deps.now);
    const o = deps.options ?? {};
    this.heartbeatIntervalMs = o.heartbeatIntervalMs ?? 5000;
    this.heartbeatTimeoutMs = o.heartbeatTimeoutMs ?? 20_000;
    const writer = new RoomWriter(deps);
    const registry = this.#registry;
    const startedAt = now();
    const bans = new RoomBans(deps.store, startedAt);
    const streamBans = new StreamBans(deps.store);
    const tokenLimits = new TokenLimits(deps.store, startedAt);
    const publishing = new StreamPublishing({ registry, writer, streamBans, tokenLimits, now });
    const membership = new RoomMembership({
      registry,
      writer,
      publishing,
      bans,
      streamBans,
      now,
      heartbeatIntervalMs: this.heartbeatIntervalMs,
      heartbeatTimeoutMs: this.heartbeatTimeoutMs,
    });
    this.#publishing = publishing;
    this.#membership = membership;
    this.#moderation = new RoomModeration({ registry, membership, publishing, bans, streamBans, tokenLimits, now });
    this.#messaging = new RoomMessaging(registry);
    this.#sweep = new PresenceSweep({
      registry,
      membership,
      publishing,
      streamBans,
      now,
      heartbeatTimeoutMs: this.heartbeatTimeoutMs,
      tokenWarningSeconds: o.tokenWarningSeconds ?? 30,
    });
    closePreviousRun(writer, startedAt, deps.logger);
    this.#sweeper = setInterval(() => this.sweep(), o.sweepIntervalMs ?? 1000);
    this.#sweeper.unref();
  }

  // ---- lookups (room-registry.ts) --------------------------------------------------------------------------------

  room(appId: string, roomId: string): Room | undefined {
    return this.#registry.room(appId, roomId);
  }

  member(appId: string, roomId: string, userId: string): Member | undefined {
    return this.#registry.member(appId, roomId, userId);
  }

  /** A user's memberships in an app, in every room. */
  memberships(appId: string, userId: string): readonly Member[] {
    return this.#registry.memberships(appId, userId);
  }

  roomsOf(appId: string): Room[] {
    return this.#registry.roomsOf(appId);
  }

  /** Every live room of every app, without a copy (the web console's live view reads it). */
  liveRooms(): Iterable<Room> {
    return this.#registry.values();
  }

  /** The app's facts from the app directory, which holds the server's one cache of them (AppService: apps.by_id). */
  async app(appId: string): Promise<RoomApp | undefined> {
    return (await this.#apps.getApp(appId)) ?? undefined;
  }

  /**
   * Checks that `token` is a good join token of this app for (roomId, userId): signed with the app's AppKey (or
   * its secondary key) and, unless `ignoreExpiry`, not expired (join-token.ts).
   */
  async checkToken(
    appId: string,
    roomId: string,
    userId: string,
    token: string,
    ignoreExpiry = false,
  ): Promise<DecodedAccessToken> {
    const app = await this.app(appId);
    const nowSeconds = ignoreExpiry ? 0 : Math.floor(this.#now() / 1000);
    return verifyJoinToken(app, { appId, roomId, userId }, token, nowSeconds);
  }

  // ---- presence: called for client frames (room-membership.ts, stream-publishing.ts, room-messaging.ts) ------------

  async join(conn: PresenceConnection, f: ParsedFrameOf<'join'>): Promise<Member> {
    const parsed = await this.checkToken(f.appId, f.roomId, f.userId, f.token);
    return this.#membership.join(conn, f, parsed);
  }

  /** A server-side member (virtual-members.ts): no token to check; the caller made sure the user is not in the room. */
  joinVirtual(conn: PresenceConnection, f: ParsedFrameOf<'join'>, parsed: DecodedAccessToken): Member {
    return this.#membership.join(conn, f, parsed);
  }

  leave(m: Member, reason: PresenceLeaveReason, notice?: LeaveNotice): void {
    this.#membership.remove(m.room, [m], reason, notice);
  }

  /** The socket of `m` is gone; the member stays until a resume or the heartbeat timeout. */
  connectionLost(m: Member, conn: PresenceConnection): void {
    this.#membership.connectionLost(m, conn);
  }

  touch(m: Member): void {
    this.#membership.touch(m);
  }

  publish(m: Member, stream: StreamName, media: MediaFlags, videoHeight: number): void {
    this.#publishing.publish(m, stream, media, videoHeight);
  }

  unpublish(m: Member, stream: StreamName): void {
    this.#publishing.unpublish(m, stream);
  }

  subscribe(m: Member): void {
    this.#publishing.subscribe(m);
  }

  sendFromUser(m: Member, to: string | undefined, payload: MessagePayload): void {
    this.#messaging.sendFromUser(m, to, payload);
  }

  async renewToken(m: Member, token: string): Promise<number> {
    const parsed = await this.checkToken(m.room.appId, m.room.roomId, m.userId, token);
    this.#membership.setToken(m, token, parsed);
    return parsed.expireAt;
  }

  setVisible(m: Member, visible: boolean): void {
    this.#membership.setVisible(m, visible);
  }

  // ---- actions (room-moderation.ts, room-messaging.ts) -------------------------------------------------------------

  kick(appId: string, roomId: string, userId: string): boolean {
    return this.#moderation.kick(appId, roomId, userId);
  }

  dismiss(appId: string, roomId: string): boolean {
    return this.#moderation.dismiss(appId, roomId);
  }

  ban(target: BanTarget, intervalSeconds: number): { alreadyBanned: boolean } {
    return this.#moderation.ban(target, intervalSeconds);
  }

  updateBan(target: BanTarget, intervalSeconds: number): void {
    this.#moderation.updateBan(target, intervalSeconds);
  }

  banStream(
    appId: string,
    roomId: string,
    userId: string,
    media: readonly BannableMedia[],
    intervalSeconds: number | undefined,
  ): void {
    this.#moderation.banStream(appId, roomId, userId, media, intervalSeconds);
  }

  unbanStream(appId: string, roomId: string, userId: string, media: readonly BannableMedia[]): void {
    this.#moderation.unbanStream(appId, roomId, userId, media);
  }

  limitToken(appId: string, roomId: string, userId: string, token: string, intervalSeconds: number): number {
    return this.#moderation.limitToken(appId, roomId, userId, token, intervalSeconds);
  }

  /** Server messaging (SendUnicast and friends): returns how many connections got it. */
  deliverServerMessage(
    members: Iterable<Member>,
    kind: 'unicast' | 'roomUnicast' | 'broadcast',
    from: string,
    payload: MessagePayload,
  ): number {
    return this.#messaging.deliverServerMessage(members, kind, from, payload);
  }

  // ---- housekeeping (presence-sweep.ts) ----------------------------------------------------------------------------

  /** Heartbeat timeouts, token warnings and expiry, and the end of timed stream bans. */
  sweep(): void {
    this.#sweep.sweep();
  }

  /** Ends every session (server shutdown): members leave with reason ServerShutdown, sockets close. */
  close(): void {
    clearInterval(this.#sweeper);
    for (const room of this.#registry.all()) {
      this.#membership.remove(room, [...room.members.values()], 'ServerShutdown', {
        frame: noticeFrame('ServerClosing', 'the server is shutting down'),
        closeCode: PresenceCloseCode.ServerClosing,
      });
    }
  }
}
