import { PresenceCloseCode, type BannableMedia } from '@rtc-openapi/api';
import type { RoomBans, BanTarget } from './room-bans.js';
import type { RoomMembership } from './room-membership.js';
import type { RoomRegistry } from './room-registry.js';
import type { Member, Room } from './room-state.js';
import { broadcast, encodeFrame, isoTime } from './server-frame.js';
import type { StreamBans } from './stream-bans.js';
import type { StreamPublishing } from './stream-publishing.js';
import { tokenHash, type TokenLimits } from './token-limits.js';

/** The room actions that act on members: kicks, room dismissal, bans, stream bans and token limits. */
export class RoomModeration {
  readonly #registry: RoomRegistry;
  readonly #membership: RoomMembership;
  readonly #publishing: StreamPublishing;
  readonly #bans: RoomBans;
  readonly #streamBans: StreamBans;
  readonly #tokenLimits: TokenLimits;
  readonly #now: () => number;

  constructor(deps: {
    registry: RoomRegistry;
    membership: RoomMembership;
    publishing: StreamPublishing;
    bans: RoomBans;
    streamBans: StreamBans;
    tokenLimits: TokenLimits;
    now: () => number;
  }) {
    this.#registry = deps.registry;
    this.#membership = deps.membership;
    this.#publishing = deps.publishing;
    this.#bans = deps.bans;
    this.#streamBans = deps.streamBans;
    this.#tokenLimits = deps.tokenLimits;
    this.#now = deps.now;
  }

  /** KickUser: -1006 to the user, who may join again at once. False when the user is not in the room. */
  kick(appId: string, roomId: string, userId: string): boolean {
    const m = this.#registry.member(appId, roomId, userId);
    if (!m) return false;
    this.#membership.remove(m.room, [m], 'Kicked', {
      frame: encodeFrame({ type: 'kicked', code: -1006, reason: 'KickUser' }),
      closeCode: PresenceCloseCode.Kicked,
    });
    return true;
  }

  /** DismissRoom: everyone gets -1011 and the room ends. False when nobody was in it. */
  dismiss(appId: string, roomId: string): boolean {
    const room = this.#registry.room(appId, roomId);
    if (!room) return false;
    this.#membership.remove(room, [...room.members.values()], 'RoomDismissed', {
      frame: encodeFrame({ type: 'roomDismissed', code: -1011 }),
      closeCode: PresenceCloseCode.RoomDismissed,
    });
    return true;
  }

  /**
   * BanRoomUser: removes everyone the target matches (-1006) and, for a positive interval, keeps them out until
   * it ends. Returns whether the same rule was already in force.
   */
  ban(target: BanTarget, intervalSeconds: number): { alreadyBanned: boolean } {
    const now = this.#now();
    const alreadyBanned = this.#bans.get(target, now) !== undefined;
    const until = intervalSeconds > 0 ? now + intervalSeconds * 1000 : undefined;
    if (until !== undefined) this.#bans.set(target, until);
    else this.#bans.remove(target);
    const kicked = encodeFrame({
      type: 'kicked',
      code: -1006,
      reason: 'BanRoomUser',
      ...(until !== undefined && { until: isoTime(until) }),
    });
    for (const [room, members] of this.#matching(target)) {
      this.#membership.remove(room, members, 'Kicked', { frame: kicked, closeCode: PresenceCloseCode.Kicked });
    }
    return { alreadyBanned };
  }

  /** The members a ban target matches, by room. */
  #matching(target: BanTarget): Map<Room, Member[]> {
    const byRoom = new Map<Room, Member[]>();
    const add = (m: Member): void => {
      const list = byRoom.get(m.room);
      if (list) list.push(m);
      else byRoom.set(m.room, [m]);
    };
    const registry = this.#registry;
    if (target.roomId !== '' && target.userId === '') {
      const room = registry.room(target.appId, target.roomId);
      if (room) for (const m of room.members.values()) add(m);
    } else if (target.roomId !== '') {
      const m = registry.member(target.appId, target.roomId, target.userId);
      if (m) add(m);
    } else if (target.userId !== '') {
      for (const m of registry.memberships(target.appId, target.userId)) add(m);
    } else if (target.ip !== '') {
      for (const room of registry.roomsOf(target.appId))
        for (const m of room.members.values()) if (m.ip === target.ip) add(m);
    }
    return byRoom;
  }

  /** UpdateBanRoomUserRule: sets the rule's end from now (0 lifts it); does not remove anyone. */
  updateBan(target: BanTarget, intervalSeconds: number): void {
    if (intervalSeconds > 0) this.#bans.set(target, this.#now() + intervalSeconds * 1000);
    else this.#bans.remove(target);
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
    for (const kind of media) this.#streamBans.set(appId, roomId, userId, kind, until);
    const m = this.#registry.member(appId, roomId, userId);
    if (m) {
      for (const [stream, s] of [...m.streams]) {
        const next = { ...s.media };
        for (const kind of media) next[kind] = false;
        if (next.audio !== s.media.audio || next.video !== s.media.video)
          this.#publishing.setStream(m, stream, next, s.videoHeight, now);
      }
    }
    const room = this.#registry.room(appId, roomId);
    if (room) {
      for (const kind of media) {
        broadcast(
          room,
          encodeFrame({
            type: 'streamBanned',
            userId,
            media: kind,
            banned: true,
            ...(until > 0 && { until: isoTime(until) }),
          }),
        );
      }
    }
  }

  unbanStream(appId: string, roomId: string, userId: string, media: readonly BannableMedia[]): void {
    for (const kind of media) this.#streamBans.set(appId, roomId, userId, kind, undefined);
    const room = this.#registry.room(appId, roomId);
    if (room)
      for (const kind of media)
        broadcast(room, encodeFrame({ type: 'streamBanned', userId, media: kind, banned: false }));
  }

  /** LimitTokenPrivilege: the token may not publish until the returned unix ms; its streams stop now. */
  limitToken(appId: string, roomId: string, userId: string, token: string, intervalSeconds: number): number {
    const now = this.#now();
    const until = now + intervalSeconds * 1000;
    const hash = tokenHash(token);
    this.#tokenLimits.limit(hash, { appId, roomId, userId }, until);
    const m = this.#registry.member(appId, roomId, userId);
    if (m && m.tokenHash === hash) {
      this.#publishing.stopAll(m, now);
      m.conn?.send(encodeFrame({ type: 'privilegesLimited', privileges: ['publish'], until: isoTime(until) }));
    }
    return until;
  }
}
