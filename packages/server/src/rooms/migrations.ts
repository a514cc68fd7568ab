import { eventsMigrations } from '../events/migrations.js';
import type { Migration } from '../store/migration.js';
import { usageMigrations } from '../usage/migrations.js';

const presenceMigrations: readonly Migration[] = [
  {
    id: 'rooms/001-bans-and-limits',
    sql: `
      -- BanRoomUser rules. '' in room_id / user_id / ip means "any": (room, '', '') bans a room, (room, user, '')
      -- a user in a room, ('', user, '') a user in every room, ('', '', ip) an address.
      CREATE TABLE room_bans (
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        ip TEXT NOT NULL,
        until_at INTEGER NOT NULL,
        PRIMARY KEY (app_id, room_id, user_id, ip)
      );
      -- BanUserStream: per medium, NULL = not banned, 0 = until UnbanUserStream, else unix ms.
      CREATE TABLE stream_bans (
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        audio_until INTEGER,
        video_until INTEGER,
        PRIMARY KEY (app_id, room_id, user_id)
      );
      -- LimitTokenPrivilege: a token (by SHA-256, never stored itself) may not publish until until_at (unix ms).
      CREATE TABLE token_limits (
        token_hash TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        until_at INTEGER NOT NULL
      );
    `,
  },
];

/** Every migration of the rooms, usage and events domains, in order (listed once in `store/migrations.ts`). */
export const roomsMigrations: readonly Migration[] = [...usageMigrations, ...presenceMigrations, ...eventsMigrations];
