import type { BannableMedia } from '@rtc-openapi/api';
import type { Database } from '../store/database.js';

/** 0 = until UnbanUserStream; otherwise the unix ms the ban ends. */
type Until = number;

interface Entry {
  appId: string;
  roomId: string;
  userId: string;
  audio?: Until;
  video?: Until;
}

const keyOf = (appId: string, roomId: string, userId: string): string => `${appId}\u0000${roomId}\u0000${userId}`;

/** BanUserStream state per user in a room, in memory and written through to SQLite. */
export class StreamBans {
  readonly #entries = new Map<string, Entry>();
  readonly #upsert;
  readonly #delete;

  constructor(db: Database) {
    this.#upsert = db.prepare<[string, string, string, number | null, number | null]>(
      `INSERT INTO stream_bans (app_id, room_id, user_id, audio_until, video_until) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (app_id, room_id, user_id) DO UPDATE SET audio_until = excluded.audio_until,
        video_until = excluded.video_until`,
    );
    this.#delete = db.prepare<[string, string, string]>(
      'DELETE FROM stream_bans WHERE app_id = ? AND room_id = ? AND user_id = ?',
    );
    const rows = db
      .prepare<
        [],
        { app_id: string; room_id: string; user_id: string; audio_until: number | null; video_until: number | null }
      >('SELECT * FROM stream_bans')
      .all();
    for (const r of rows) {
      const e: Entry = { appId: r.app_id, roomId: r.room_id, userId: r.user_id };
      if (r.audio_until !== null) e.audio = r.audio_until;
      if (r.video_until !== null) e.video = r.video_until;
      this.#entries.set(keyOf(r.app_id, r.room_id, r.user_id), e);
    }
  }

  isBanned(appId: string, roomId: string, userId: string, media: BannableMedia, now: number): boolean {
    const until = this.#entries.get(keyOf(appId, roomId, userId))?.[media];
    return until !== undefined && (until === 0 || until > now);
  }

  /** Bans (until = 0 or unix ms) or lifts (until = undefined) one medium. */
  set(appId: string, roomId: string, userId: string, media: BannableMedia, until: Until | undefined): void {
    const key = keyOf(appId, roomId, userId);
    const e = this.#entries.get(key) ?? { appId, roomId, userId };
    if (until === undefined) delete e[media];
    else e[media] = until;
    if (e.audio === undefined && e.video === undefined) {
      this.#entries.delete(key);
      this.#delete.run(appId, roomId, userId);
      return;
    }
    this.#entries.set(key, e);
    this.#upsert.run(appId, roomId, userId, e.audio ?? null, e.video ?? null);
  }

  /** Timed bans that have ended by `now`; they are lifted here and returned so the room can be told. */
  expire(now: number): { appId: string; roomId: string; userId: string; media: BannableMedia }[] {
    const ended: { appId: string; roomId: string; userId: string; media: BannableMedia }[] = [];
    for (const e of [...this.#entries.values()]) {
      for (const media of ['audio', 'video'] as const) {
        const until = e[media];
        if (until !== undefined && until !== 0 && until <= now) {
          this.set(e.appId, e.roomId, e.userId, media, undefined);
          ended.push({ appId: e.appId, roomId: e.roomId, userId: e.userId, media });
        }
      }
    }
    return ended;
  }
}
