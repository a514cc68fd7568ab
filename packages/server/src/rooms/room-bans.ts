import type { Database } from '../store/database.js';

/** What a BanRoomUser rule targets; '' = any (catalog: room / user in room / user in every room / IP). */
export interface BanTarget {
  appId: string;
  roomId: string;
  userId: string;
  ip: string;
}

const keyOf = (t: BanTarget): string => `${t.appId}\u0000${t.roomId}\u0000${t.userId}\u0000${t.ip}`;

/** BanRoomUser rules: kept in memory for the join check, written through to SQLite to survive restarts. */
export class RoomBans {
  readonly #rules = new Map<string, number>();
  readonly #upsert;
  readonly #delete;

  constructor(db: Database, now: number) {
    this.#upsert = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO room_bans (app_id, room_id, user_id, ip, until_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (app_id, room_id, user_id, ip) DO UPDATE SET until_at = excluded.until_at`,
    );
    this.#delete = db.prepare<[string, string, string, string]>(
      'DELETE FROM room_bans WHERE app_id = ? AND room_id = ? AND user_id = ? AND ip = ?',
    );
    db.prepare('DELETE FROM room_bans WHERE until_at <= ?').run(now);
    const rows = db
      .prepare<[], BanTarget & { untilAt: number }>(
        'SELECT app_id AS appId, room_id AS roomId, user_id AS userId, ip, until_at AS untilAt FROM room_bans',
      )
      .all();
    for (const r of rows) this.#rules.set(keyOf(r), r.untilAt);
  }

  /** The rule's end (unix ms) when one is in force for exactly this target. */
  get(target: BanTarget, now: number): number | undefined {
    const until = this.#rules.get(keyOf(target));
    return until !== undefined && until > now ? until : undefined;
  }

  set(target: BanTarget, untilAt: number): void {
    this.#rules.set(keyOf(target), untilAt);
    this.#upsert.run(target.appId, target.roomId, target.userId, target.ip, untilAt);
  }

  remove(target: BanTarget): void {
    this.#rules.delete(keyOf(target));
    this.#delete.run(target.appId, target.roomId, target.userId, target.ip);
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
