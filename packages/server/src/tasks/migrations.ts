import type { Migration } from '../store/migration.js';

/** The media task engine's tables (listed once in `store/migrations.ts`, after the events domain's outbox). */
export const tasksMigrations: readonly Migration[] = [
  {
    id: 'tasks/001-media-tasks',
    sql: `
      -- One row per task (kind + AppId + RoomId + TaskId); a finished TaskId started again replaces its row.
      -- phase: pending | running | stopping | ended | failed (Status 1, 2, 2, 3, 4). JSON columns: spec (the
      -- normalised start parameters), timeline (who published what, ms from start_time), files (RecordFileList).
      CREATE TABLE media_tasks (
        kind TEXT NOT NULL,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        api_version TEXT NOT NULL,
        phase TEXT NOT NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER NOT NULL,
        stop_reason TEXT NOT NULL,
        spec TEXT NOT NULL,
        timeline TEXT NOT NULL,
        alive_at INTEGER NOT NULL,
        files TEXT NOT NULL,
        error TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (kind, app_id, room_id, task_id)
      );
      CREATE INDEX media_tasks_active ON media_tasks (phase) WHERE phase IN ('pending', 'running', 'stopping');
      -- An app's media switches; an app without a row has recording on (the console's switch, default on here).
      CREATE TABLE app_task_switches (
        app_id TEXT PRIMARY KEY,
        record_enabled INTEGER NOT NULL
      );
    `,
  },
  {
    id: 'tasks/002-fail-next-starts',
    sql: `
      -- Fault injection (admin API): the app's next N task starts fail (Status 4, StartTaskFailed).
      ALTER TABLE app_task_switches ADD COLUMN fail_next_starts INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX media_tasks_app ON media_tasks (app_id, updated_at);
    `,
  },
  {
    id: 'tasks/003-task-history',
    sql: `
      -- A task's timeline (the console's): its state changes, the callbacks it sent (with their EventId, '' when no
      -- subscription took the event) and the files it stored, in order. A TaskId started again starts a new one.
      -- entry: state | callback | file; name: the phase, the event type or the file; detail: the stop reason and
      -- error of a state, a callback's EventId, a file's size.
      CREATE TABLE media_task_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        app_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        entry TEXT NOT NULL,
        name TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX media_task_history_task ON media_task_history (kind, app_id, room_id, task_id, id);
    `,
  },
];
