import { roomKey, type Member, type Room } from './room-state.js';

/** Who is in which room, in memory: rooms by (AppId, RoomId) and each user's memberships in an app. */
export class RoomRegistry {
  readonly #rooms = new Map<string, Room>();
  /** `${appId}\0${userId}` -> that user's memberships (one per room). */
  readonly #byUser = new Map<string, Set<Member>>();

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

  /** Every live room (a snapshot: callers may remove members while they go through it). */
  all(): Room[] {
    return [...this.#rooms.values()];
  }

  /** Every live room, without a copy: for a pass that changes no membership. */
  values(): IterableIterator<Room> {
    return this.#rooms.values();
  }

  /** Whether `m` is still the member of its room, in a room still live. */
  isCurrent(m: Member): boolean {
    return m.room.members.get(m.userId) === m && this.#rooms.get(roomKey(m.room.appId, m.room.roomId)) === m.room;
  }

  /** Adds `m` to its room, and the room when it is new. */
  add(m: Member): void {
    const room = m.room;
    const key = roomKey(room.appId, room.roomId);
    if (!this.#rooms.has(key)) this.#rooms.set(key, room);
    room.members.set(m.userId, m);
    const userKey = `${room.appId}\u0000${m.userId}`;
    let set = this.#byUser.get(userKey);
    if (!set) this.#byUser.set(userKey, (set = new Set()));
    set.add(m);
  }

  /** Takes `m` out of its room (the room stays, even empty: see removeRoom). */
  remove(m: Member): void {
    m.room.members.delete(m.userId);
    const userKey = `${m.room.appId}\u0000${m.userId}`;
    const set = this.#byUser.get(userKey);
    set?.delete(m);
    if (set?.size === 0) this.#byUser.delete(userKey);
  }

  removeRoom(room: Room): void {
    this.#rooms.delete(roomKey(room.appId, room.roomId));
  }
}
