import { randomUUID } from 'node:crypto';
import type { MediaFlags, PresenceLeaveReason, ServerFrame, StreamName } from '@rtc-openapi/api';
import { Privilege, type DecodedAccessToken } from '@rtc-openapi/signer';
import { PresenceError } from './presence-error.js';
import type { MessagePayload } from './room-messaging.js';
import type { RoomService } from './room-service.js';
import type { Member, PresenceConnection } from './room-state.js';

/** How a virtual member's stay in the room ended. */
export interface VirtualMemberEnd {
  /** The leave reason of the callbacks ('UserLeave' for its own leave(), 'Kicked', 'RoomDismissed', ...). */
  reason: PresenceLeaveReason | 'Replaced';
  /** The presence close code a room client would have got (PresenceCloseCode). */
  closeCode: number;
  /** The frame a room client would have got first (`kicked`, `roomDismissed`, an `error`), when there was one. */
  notice?: ServerFrame;
}

/**
 * What the owner of a virtual member hears. onFrame runs in a microtask after the room change (in order), so it may
 * act on the room; onEnded runs synchronously inside the change that removed it: keep it short.
 */
export interface VirtualMemberOwner {
  /** Every frame a room client in its place would get: `message` addressed to it, `userJoined`, `userLeft`, ... */
  onFrame?(frame: ServerFrame): void;
  /** It is out of the room; called once, for its own leave() too. */
  onEnded?(end: VirtualMemberEnd): void;
}

export interface VirtualJoin {
  appId: string;
  roomId: string;
  userId: string;
  /** Default true (a visible user; an invisible one cannot publish). */
  visible?: boolean;
  /** What ListUserInfo reports as its device (default type 'server'). */
  deviceType?: string;
}

/**
 * A user the server itself puts in a room (the voice agent, relay streams, webcasts): to everyone else it is an
 * ordinary member (it joins, publishes and leaves with the usual frames, records and callbacks, GetRoomOnlineUsers
 * lists it, KickUser and DismissRoom remove it), but it has no socket: what a room client would be sent goes to
 * its owner's onFrame, and its end to onEnded. It needs no token and no heartbeat.
 */
export class VirtualMember {
  readonly appId: string;
  readonly roomId: string;
  readonly userId: string;
  readonly #rooms: RoomService;
  #member: Member | undefined;

  /** @internal made by VirtualMembers.join */
  constructor(rooms: RoomService, join: VirtualJoin) {
    this.#rooms = rooms;
    this.appId = join.appId;
    this.roomId = join.roomId;
    this.userId = join.userId;
  }

  /** @internal */
  attach(member: Member): void {
    this.#member = member;
  }

  /** @internal the room ended its membership */
  detach(): void {
    this.#member = undefined;
  }

  /** Whether it is still in the room. */
  get active(): boolean {
    return this.#member !== undefined;
  }

  get sessionId(): string | undefined {
    return this.#member?.sessionId;
  }

  /** Publishes (all false: unpublishes) one of its streams; room clients get `streamPublished`. */
  publish(stream: StreamName, media: Partial<MediaFlags>, videoHeight = 720): void {
    const m = this.#current();
    this.#rooms.publish(m, stream, { audio: false, video: false, data: false, ...media }, videoHeight);
  }

  unpublish(stream: StreamName): void {
    this.#rooms.unpublish(this.#current(), stream);
  }

  /**
   * A room message from this member, as a room client's `send`: to one user (`to`) or to everyone else. Throws
   * PresenceError UserNotInRoom when `to` is not connected.
   */
  send(to: string | undefined, payload: MessagePayload): void {
    this.#rooms.sendFromUser(this.#current(), to, payload);
  }

  /** Sends bytes (a binary room message) to one user or everyone else. */
  sendBinary(to: string | undefined, bytes: Uint8Array): void {
    this.send(to, { binary: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
  }

  /** Whether `userId` is in its room now (visible or not) with a live connection or as another virtual member. */
  isPresent(userId: string): boolean {
    const m = this.#rooms.member(this.appId, this.roomId, userId);
    return m !== undefined && m.conn !== undefined;
  }

  /** Leaves the room (reason UserLeave); onEnded follows. Does nothing when already out. */
  leave(): void {
    const m = this.#member;
    if (m) this.#rooms.leave(m, 'UserLeave');
  }

  #current(): Member {
    const m = this.#member;
    if (!m) throw new PresenceError('NotJoined', `${this.userId} is no longer in room ${this.roomId}`);
    return m;
  }
}

/** Joins virtual members to rooms (virtual-members.ts' VirtualMember). */
export class VirtualMembers {
  readonly #rooms: RoomService;
  readonly #onError: ((e: unknown) => void) | undefined;

  /** `onError` hears what an owner's onFrame threw (logged by the rooms module). */
  constructor(rooms: RoomService, onError?: (e: unknown) => void) {
    this.#rooms = rooms;
    this.#onError = onError;
  }

  /**
   * Joins `join.userId` to the room as a server-side member. Throws PresenceError AlreadyJoined when that user is
   * already in the room (a virtual member never takes over a session), Banned when a BanRoomUser rule keeps it out.
   */
  join(join: VirtualJoin, owner: VirtualMemberOwner): VirtualMember {
    if (this.#rooms.member(join.appId, join.roomId, join.userId)) {
      throw new PresenceError('AlreadyJoined', `user ${join.userId} is already in room ${join.roomId}`);
    }
    const vm = new VirtualMember(this.#rooms, join);
    const onError = this.#onError;
    let notice: ServerFrame | undefined;
    let ended = false;
    const conn: PresenceConnection = {
      ip: '',
      virtual: true,
      send(frame) {
        if (ended) return;
        const parsed = JSON.parse(frame) as ServerFrame;
        if (parsed.type === 'joined') return;
        if (parsed.type === 'kicked' || parsed.type === 'roomDismissed' || parsed.type === 'error') notice = parsed;
        if (owner.onFrame) {
          queueMicrotask(() => {
            // An owner's failure must not become an uncaught exception of the server.
            try {
              owner.onFrame!(parsed);
            } catch (e) {
              onError?.(e);
            }
          });
        }
      },
      close(closeCode, reason) {
        if (ended) return;
        ended = true;
        vm.detach();
        try {
          owner.onEnded?.({
            reason: reason === 'replaced' ? 'Replaced' : (reason as PresenceLeaveReason),
            closeCode,
            ...(notice && { notice }),
          });
        } catch (e) {
          // Inside a room change (a kick, a dismissal): the change goes on whatever the owner did.
          onError?.(e);
        }
      },
    };
    const member = this.#rooms.joinVirtual(
      conn,
      {
        type: 'join',
        v: 1,
        appId: join.appId,
        roomId: join.roomId,
        userId: join.userId,
        token: `virtual:${randomUUID()}`,
        visible: join.visible ?? true,
        device: { type: join.deviceType ?? 'server', os: '', sdkVersion: '' },
      },
      virtualToken(join),
    );
    vm.attach(member);
    return vm;
  }

  /**
   * Sends a binary room message as `from.userId`, a member of the room now (a room client or a server-side member):
   * the message its client would send, for the console speaking to a voice agent as its target user. Throws
   * PresenceError NotJoined when that user is not in the room, UserNotInRoom when `to` is not.
   */
  sendAs(from: { appId: string; roomId: string; userId: string }, to: string, bytes: Uint8Array): void {
    const m = this.#rooms.member(from.appId, from.roomId, from.userId);
    if (!m) throw new PresenceError('NotJoined', `${from.userId} is not in room ${from.roomId}`);
    const binary = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    this.#rooms.sendFromUser(m, to, { binary });
  }

  /** Whether `userId` is in the room now (a room client, connected or resuming, or a server-side member). */
  isMember(appId: string, roomId: string, userId: string): boolean {
    return this.#rooms.member(appId, roomId, userId) !== undefined;
  }
}

/** A never-expiring grant of publishing and subscribing: what the server's own members may do. */
function virtualToken(join: VirtualJoin): DecodedAccessToken {
  return {
    version: '001',
    appId: join.appId,
    nonce: 0,
    issuedAt: 0,
    expireAt: 0,
    roomId: join.roomId,
    userId: join.userId,
    privileges: {
      [Privilege.PublishStream]: 0,
      [Privilege.PublishAudioStream]: 0,
      [Privilege.PublishVideoStream]: 0,
      [Privilege.PublishDataStream]: 0,
      [Privilege.SubscribeStream]: 0,
    },
  };
}
