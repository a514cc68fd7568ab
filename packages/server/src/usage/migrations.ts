import type { Migration } from '../store/migration.js';

/**
 * Session records: one row per room session (call), per user session and per published medium. Times are unix
 * milliseconds; a NULL end means still open. The usage queries read only these tables.
 */
export const usageMigrations: readonly Migration[] = [
  {
    id: 'usage/001-session-records',
    sql: `
      CREATE TABLE room_calls (
        call_id TEXT PRIMARY KEY,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        destroyed_at INTEGER,
        destroy_reason TEXT
      );
      CREATE INDEX room_calls_app_time ON room_calls (app_id, created_at);
      CREATE INDEX room_calls_app_room ON room_calls (app_id, room_id, created_at);

      CREATE TABLE user_sessions (
        session_id TEXT PRIMARY KEY,
        call_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        visible INTEGER NOT NULL,
        joined_at INTEGER NOT NULL,
        left_at INTEGER,
        leave_reason TEXT,
        published INTEGER NOT NULL DEFAULT 0,
        ip TEXT NOT NULL DEFAULT '',
        device_type TEXT NOT NULL DEFAULT '',
        os TEXT NOT NULL DEFAULT '',
        sdk_version TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX user_sessions_app_time ON user_sessions (app_id, joined_at);
      CREATE INDEX user_sessions_call ON user_sessions (call_id);
      CREATE INDEX user_sessions_open ON user_sessions (left_at) WHERE left_at IS NULL;

      CREATE TABLE stream_records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        media TEXT NOT NULL,
        video_height INTEGER NOT NULL DEFAULT 0,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX stream_records_app_time ON stream_records (app_id, started_at);
      CREATE INDEX stream_records_session ON stream_records (session_id);
    `,
  },
];
