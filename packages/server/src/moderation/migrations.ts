import type { Migration } from '../store/migration.js';

/**
 * Content moderation (docs/moderation.md): the verdict rules an operator sets (admin API, CLI), the emulator's stand-in
 * for the real classifier, and the results the detection tasks reached with the fate of their POST.
 */
export const moderationMigrations: readonly Migration[] = [
  {
    id: 'moderation/001-rules-and-results',
    sql: `
      -- One rule per room (user_id '') or per user of a room; violations: JSON [{label, atMs}] (task-relative ms),
      -- an empty list is an explicit pass. No rule: pass.
      CREATE TABLE moderation_rules (
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        violations TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (app_id, room_id, user_id)
      );
      -- One row per classified capture (a round's snapshots or audio slice of one user). delivery: not-sent (no
      -- Callback, or a pass under CallbackType 0) | pending | delivered | failed.
      CREATE TABLE detection_results (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        media_type INTEGER NOT NULL,
        suggest TEXT NOT NULL,
        labels TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER NOT NULL,
        at INTEGER NOT NULL,
        delivery TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        http_status INTEGER,
        error TEXT
      );
      CREATE INDEX detection_results_by_room ON detection_results (app_id, room_id, id);
      CREATE INDEX detection_results_pending ON detection_results (delivery) WHERE delivery = 'pending';
      CREATE INDEX detection_results_by_time ON detection_results (at);
    `,
  },
];
