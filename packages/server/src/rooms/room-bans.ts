import type { RoomStore } from './room-store.js';

/** What a BanRoomUser rule targets; '' = any (catalog: room / user in room / user in every room / IP). */
export interface BanTarget {
  appId: string;
  roomId: string;
  userId: string;
  ip: string;
}

const keyOf = (t: BanTarget): string => `${t.appId}\u0000${t.roomId}\u0000${t.userId}\u0000${t.ip}`;

/** BanRoomUser rules: kept in memory for the join check, written through to the store to survive restarts. */
export class RoomBans {
  readonly #rules = new Map<string, number>();
  readonly #store: Pick<RoomStore, 'loadRoomBans' | 'putRoomBan' | 'deleteRoomBan'>;

  constructor(store: Pick<RoomStore, 'loadRoomBans' | 'putRoomBan' | 'deleteRoomBan'>, now: number) {
    this.#store = store;
    for (const r of store.loadRoomBans(now)) this.#rules.set(keyOf(r), r.untilAt);
  }

  /** The rule's end (unix ms) when one is in force for exactly this target. */
  get(target: BanTarget, now: number): number | undefined {
    const until = this.#rules.get(keyOf(target));
    return until !== undefined && until > now ? until : undefined;
  }

  set(target: BanTarget, untilAt: number): void {
    this.#rules.set(keyOf(target), untilAt);
    this.#store.putRoomBan(target, untilAt);
  }

  remove(target: BanTarget): void {
    this.#rules.delete(keyOf(target));
    this.#store.deleteRoomBan(target);
  }

  /** The latest end of any rule that keeps this user out of this room at `now`. */
  blocking(appId: string, roomId: string, userId: string, ip: string, now: number): number | undefined {
    let until: number | undefined;
    const candidates: BanTarget[] = [
      { appId, roomId, userId: '', ip: '' },
      { appId, roomId, userId, ip: '' },
      { appId, roomId: '', userId, ip: '' },
    ];
    if (ip !== '') candidates.push({ appId, roomId: '', userId: '', ip });
    for (const c of candidates) {
      const u = this.get(c, now);
      if (u !== undefined && (until === undefined || u > until)) until = u;
    }
    return until;
  }
}
