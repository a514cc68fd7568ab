import type { Database } from '../store/database.js';
import type { BanTarget } from './room-bans.js';
import type { RoomStore, StreamBanRecord } from './room-store.js';

interface StreamBanRow {
  app_id: string;
  room_id: string;
  user_id: string;
  audio_until: number | null;
  video_until: number | null;
}

/** The room_bans, stream_bans and token_limits tables of the server's SQLite database (`migrations.ts`). */
export class SqliteRoomStore implements RoomStore {
  readonly #sql;

  constructor(db: Database) {
    this.#sql = {
      deleteEndedRoomBans: db.prepare<[number]>('DELETE FROM room_bans WHERE until_at <= ?'),
      roomBans: db.prepare<[], BanTarget & { untilAt: number }>(
        'SELECT app_id AS appId, room_id AS roomId, user_id AS userId, ip, until_at AS untilAt FROM room_bans',
      ),
      putRoomBan: db.prepare<[string, string, string, string, number]>(
        `INSERT INTO room_bans (app_id, room_id, user_id, ip, until_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (app_id, room_id, user_id, ip) DO UPDATE SET until_at = excluded.until_at`,
      ),
      deleteRoomBan: db.prepare<[string, string, string, string]>(
        'DELETE FROM room_bans WHERE app_id = ? AND room_id = ? AND user_id = ? AND ip = ?',
      ),
      streamBans: db.prepare<[], StreamBanRow>('SELECT * FROM stream_bans'),
      putStreamBan: db.prepare<[string, string, string, number | null, number | null]>(
        `INSERT INTO stream_bans (app_id, room_id, user_id, audio_until, video_until) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (app_id, room_id, user_id) DO UPDATE SET audio_until = excluded.audio_until,
          video_until = excluded.video_until`,
      ),
      deleteStreamBan: db.prepare<[string, string, string]>(
        'DELETE FROM stream_bans WHERE app_id = ? AND room_id = ? AND user_id = ?',
      ),
      deleteEndedTokenLimits: db.prepare<[number]>('DELETE FROM token_limits WHERE until_at <= ?'),
      tokenLimits: db.prepare<[], { token_hash: string; until_at: number }>('SELECT * FROM token_limits'),
      putTokenLimit: db.prepare<[string, string, string, string, number]>(
        `INSERT INTO token_limits (token_hash, app_id, room_id, user_id, until_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (token_hash) DO UPDATE SET until_at = excluded.until_at`,
      ),
    };
  }

  loadRoomBans(now: number): (BanTarget & { untilAt: number })[] {
    this.#sql.deleteEndedRoomBans.run(now);
    return this.#sql.roomBans.all();
  }

  putRoomBan(t: BanTarget, untilAt: number): void {
    this.#sql.putRoomBan.run(t.appId, t.roomId, t.userId, t.ip, untilAt);
  }

  deleteRoomBan(t: BanTarget): void {
    this.#sql.deleteRoomBan.run(t.appId, t.roomId, t.userId, t.ip);
  }

  loadStreamBans(): StreamBanRecord[] {
    return this.#sql.streamBans.all().map((r) => ({
      appId: r.app_id,
      roomId: r.room_id,
      userId: r.user_id,
      ...(r.audio_until !== null && { audio: r.audio_until }),
      ...(r.video_until !== null && { video: r.video_until }),
    }));
  }

  putStreamBan(r: StreamBanRecord): void {
    this.#sql.putStreamBan.run(r.appId, r.roomId, r.userId, r.audio ?? null, r.video ?? null);
  }

  deleteStreamBan(appId: string, roomId: string, userId: string): void {
    this.#sql.deleteStreamBan.run(appId, roomId, userId);
  }

  loadTokenLimits(now: number): { tokenHash: string; untilAt: number }[] {
    this.#sql.deleteEndedTokenLimits.run(now);
    return this.#sql.tokenLimits.all().map((r) => ({ tokenHash: r.token_hash, untilAt: r.until_at }));
  }

  putTokenLimit(tokenHash: string, t: { appId: string; roomId: string; userId: string }, untilAt: number): void {
    this.#sql.putTokenLimit.run(tokenHash, t.appId, t.roomId, t.userId, untilAt);
  }
}
