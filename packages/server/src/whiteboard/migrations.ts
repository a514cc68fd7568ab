import type { Migration } from '../store/migration.js';

/** Document transcodes (WbTranscodeCreate): one row per task, its pages' objects as JSON once done. Times unix ms. */
export const whiteboardMigrations: readonly Migration[] = [
  {
    id: 'whiteboard/001-transcodes',
    sql: `
      CREATE TABLE wb_transcodes (
        app_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        status INTEGER NOT NULL,
        progress INTEGER NOT NULL,
        err_code TEXT NOT NULL DEFAULT '',
        err_code_n INTEGER NOT NULL DEFAULT 0,
        err_msg TEXT NOT NULL DEFAULT '',
        request TEXT NOT NULL,
        file_name TEXT NOT NULL,
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        pages TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (app_id, task_id)
      );
    `,
  },
];
