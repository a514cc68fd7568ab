import type { MediaFlags, MediaKind, StreamName } from '@rtc-openapi/api';
import { Privilege, type PrivilegeId } from '@rtc-openapi/signer';
import { PresenceError } from './presence-error.js';
import { eventUser, userStreamEvent } from './room-events.js';
import type { RoomRegistry } from './room-registry.js';
import type { Member } from './room-state.js';
import type { RoomWriter } from './room-writer.js';
import { broadcast, encodeFrame, isoTime, noticeFrame } from './server-frame.js';
import type { StreamBans } from './stream-bans.js';
import type { TokenLimits } from './token-limits.js';
import { hasPrivilege } from './token-privilege.js';

const MEDIA: readonly MediaKind[] = ['audio', 'video', 'data'];
const PUBLISH_PRIVILEGE: Record<MediaKind, PrivilegeId> = {
  audio: Privilege.PublishAudioStream,
  video: Privilege.PublishVideoStream,
  data: Privilege.PublishDataStream,
};

export const noMedia = (): MediaFlags => ({ audio: false, video: false, data: false });

/**
 * What members publish: `publish`, `unpublish` and `subscribe` checked against the token, limits and stream bans,
 * and every change of a stream (from a client, a moderation action or the sweep) with its records, event and
 * room frames.
 */
export class StreamPublishing {
  readonly #registry: RoomRegistry;
  readonly #writer: RoomWriter;
  readonly #streamBans: StreamBans;
  readonly #tokenLimits: TokenLimits;
  readonly #now: () => number;

  constructor(deps: {
    registry: RoomRegistry;
    writer: RoomWriter;
    streamBans: StreamBans;
    tokenLimits: TokenLimits;
    now: () => number;
  }) {
    this.#registry = deps.registry;
    this.#writer = deps.writer;
    this.#streamBans = deps.streamBans;
    this.#tokenLimits = deps.tokenLimits;
    this.#now = deps.now;
  }

  publish(m: Member, stream: StreamName, media: MediaFlags, videoHeight: number): void {
    if (!this.#registry.isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    if (!media.audio && !media.video && !media.data) {
      this.unpublish(m, stream);
      return;
    }
    if (!m.visible) throw new PresenceError('InvisibleCannotPublish', 'an invisible user cannot publish');
    const now = this.#now();
    const nowS = Math.floor(now / 1000);
    const limited = this.#tokenLimits.limitedUntil(m.tokenHash, now);
    if (limited !== undefined) {
      throw new PresenceError('PrivilegeLimited', `publishing is limited for this token until ${isoTime(limited)}`, {
        until: isoTime(limited),
      });
    }
    for (const kind of MEDIA) {
      if (!media[kind]) continue;
      if (!hasPrivilege(m.parsedToken, PUBLISH_PRIVILEGE[kind], nowS)) {
        throw new PresenceError('NoPrivilege', `the token does not grant publishing ${kind} (or the grant expired)`);
      }
      if (kind !== 'data' && this.#streamBans.isBanned(m.room.appId, m.room.roomId, m.userId, kind, now)) {
        throw new PresenceError('StreamBanned', `publishing ${kind} is banned in this room`, { media: kind });
      }
    }
    this.setStream(m, stream, media, videoHeight, now);
  }

  unpublish(m: Member, stream: StreamName): void {
    if (!this.#registry.isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    if (!m.streams.has(stream)) return;
    this.setStream(m, stream, noMedia(), 0, this.#now());
  }

  /**
   * `subscribe` checks the token's SubscribeStream privilege; no media flows, so nothing reads what is subscribed to
   * and it is not kept (nor is `unsubscribe`, which is only acknowledged).
   */
  subscribe(m: Member): void {
    if (!this.#registry.isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    if (!hasPrivilege(m.parsedToken, Privilege.SubscribeStream, Math.floor(this.#now() / 1000))) {
      throw new PresenceError('NoPrivilege', 'the token does not grant subscribing (or the grant expired)');
    }
  }

  /** Stops every stream of `m` (turning invisible, a token limited). */
  stopAll(m: Member, now: number): void {
    for (const stream of [...m.streams.keys()]) this.setStream(m, stream, noMedia(), 0, now);
  }

  /** A publish privilege of the token ran out (its own expiry, section 5.1): that medium stops. */
  dropExpiredPublishing(m: Member, nowS: number, now: number): void {
    for (const [stream, s] of [...m.streams]) {
      const next = { ...s.media };
      for (const kind of MEDIA)
        if (next[kind] && !hasPrivilege(m.parsedToken, PUBLISH_PRIVILEGE[kind], nowS)) next[kind] = false;
      if (next.audio === s.media.audio && next.video === s.media.video && next.data === s.media.data) continue;
      this.setStream(m, stream, next, s.videoHeight, now);
      m.conn?.send(noticeFrame('NoPrivilege', `the token's publish privilege for the ${stream} stream expired`));
    }
  }

  /** Replaces what `m` publishes on `stream` (all false = unpublish), with records, events and room frames. */
  setStream(m: Member, stream: StreamName, media: MediaFlags, videoHeight: number, now: number): void {
    const prev = m.streams.get(stream);
    const unpublish = !media.audio && !media.video && !media.data;
    if (!prev && unpublish) return;
    const room = m.room;
    const session = { sessionId: m.sessionId, appId: room.appId, roomId: room.roomId, userId: m.userId };
    const records = this.#writer.records;
    this.#writer.commit(() => {
      for (const kind of MEDIA) {
        const was = prev?.media[kind] ?? false;
        const heightChanged = kind === 'video' && was && media.video && prev!.videoHeight !== videoHeight;
        if (was && (!media[kind] || heightChanged)) records.closeStream(m.sessionId, stream, kind, now);
        if (media[kind] && (!was || heightChanged)) {
          records.openStream(session, stream, kind, kind === 'video' ? videoHeight : 0, now);
        }
      }
      this.#writer.event(userStreamEvent(eventUser(m), !unpublish, stream, media, now));
    });
    if (unpublish) {
      m.streams.delete(stream);
      broadcast(room, encodeFrame({ type: 'streamUnpublished', userId: m.userId, stream }), m);
    } else {
      m.streams.set(stream, { media: { ...media }, videoHeight });
      broadcast(room, encodeFrame({ type: 'streamPublished', userId: m.userId, stream, ...media }), m);
    }
  }
}
