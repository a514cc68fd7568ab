import type { Database } from '../store/database.js';
import type { StopReason, TaskHistoryEntry, TaskKey, TaskKind, TaskPhase, TaskRow } from './task-model.js';
import type { PhaseChange, TaskStore } from './task-store.js';

interface Row {
  kind: TaskKind;
  app_id: string;
  room_id: string;
  task_id: string;
  business_id: string;
  api_version: string;
  phase: TaskPhase;
  start_time: number;
  end_time: number;
  stop_reason: string;
  spec: string;
  timeline: string;
  alive_at: number;
  files: string;
  error: string;
}

const COLUMNS = `kind, app_id, room_id, task_id, business_id, api_version, phase, start_time, end_time, stop_reason,
  spec, timeline, alive_at, files, error`;

/** The task store on the server's SQLite database (tables from `tasks/migrations.ts`). */
export class SqliteTaskStore implements TaskStore {
  readonly #db: Database;
  readonly #get;
  readonly #put;
  readonly #active;
  readonly #touch;
  readonly #switch;
  readonly #setSwitch;
  readonly #setFail;
  readonly #takeFail;
  readonly #history;

  constructor(db: Database) {
    this.#db = db;
    this.#get = db.prepare<[string, string, string, string], Row>(
      `SELECT ${COLUMNS} FROM media_tasks WHERE kind = ? AND app_id = ? AND room_id = ? AND task_id = ?`,
    );
    this.#put = db.prepare(
      `INSERT OR REPLACE INTO media_tasks (${COLUMNS}, updated_at)
       VALUES (@kind, @app_id, @room_id, @task_id, @business_id, @api_version, @phase, @start_time, @end_time,
         @stop_reason, @spec, @timeline, @alive_at, @files, @error, @updated_at)`,
    );
    this.#active = db.prepare<[], Row>(
      `SELECT ${COLUMNS} FROM media_tasks WHERE phase IN ('pending', 'running', 'stopping')`,
    );
    this.#touch = db.prepare(
      `UPDATE media_tasks SET alive_at = ? WHERE kind = ? AND app_id = ? AND room_id = ? AND task_id = ?
         AND phase = 'running'`,
    );
    this.#switch = db.prepare<[string], { record_enabled: number }>(
      'SELECT record_enabled FROM app_task_switches WHERE app_id = ?',
    );
    this.#setSwitch = db.prepare(
      `INSERT INTO app_task_switches (app_id, record_enabled) VALUES (?, ?)
       ON CONFLICT (app_id) DO UPDATE SET record_enabled = excluded.record_enabled`,
    );
    this.#setFail = db.prepare(
      `INSERT INTO app_task_switches (app_id, record_enabled, fail_next_starts) VALUES (?, 1, ?)
       ON CONFLICT (app_id) DO UPDATE SET fail_next_starts = excluded.fail_next_starts`,
    );
    const task = 'kind = ? AND app_id = ? AND room_id = ? AND task_id = ?';
    this.#history = {
      clear: db.prepare(`DELETE FROM media_task_history WHERE ${task}`),
      add: db.prepare(
        `INSERT INTO media_task_history (kind, app_id, room_id, task_id, at, entry, name, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      count: db
        .prepare<[string, string, string, string], number>(`SELECT count(*) FROM media_task_history WHERE ${task}`)
        .pluck(),
      read: db.prepare<[string, string, string, string, number], TaskHistoryEntry>(
        `SELECT at, entry, name, detail FROM media_task_history WHERE ${task} ORDER BY id LIMIT ?`,
      ),
    };
    this.#takeFail = db.prepare(
      'UPDATE app_task_switches SET fail_next_starts = fail_next_starts - 1 WHERE app_id = ? AND fail_next_starts > 0',
    );
  }

  get(kind: TaskKind, key: TaskKey): TaskRow | undefined {
    const row = this.#get.get(kind, key.appId, key.roomId, key.taskId);
    return row && fromRow(row);
  }

  put(row: TaskRow, now: number): void {
    this.#history.clear.run(row.kind, row.appId, row.roomId, row.taskId);
    this.#put.run({
      kind: row.kind,
      app_id: row.appId,
      room_id: row.roomId,
      task_id: row.taskId,
      business_id: row.businessId,
      api_version: row.apiVersion,
      phase: row.phase,
      start_time: row.startTime,
      end_time: row.endTime,
      stop_reason: row.stopReason,
      spec: JSON.stringify(row.spec),
      timeline: JSON.stringify(row.timeline),
      alive_at: row.aliveAt,
      files: JSON.stringify(row.files),
      error: row.error,
      updated_at: now,
    });
  }

  update(kind: TaskKind, key: TaskKey, change: PhaseChange, now: number): void {
    const sets = ['phase = @phase', 'updated_at = @now'];
    const values: Record<string, unknown> = { phase: change.phase, now, ...keyValues(kind, key) };
    const add = (column: string, value: unknown) => {
      sets.push(`${column} = @${column}`);
      values[column] = value;
    };
    if (change.startTime !== undefined) add('start_time', change.startTime);
    if (change.endTime !== undefined) add('end_time', change.endTime);
    if (change.stopReason !== undefined) add('stop_reason', change.stopReason);
    if (change.timeline !== undefined) add('timeline', JSON.stringify(change.timeline));
    if (change.aliveAt !== undefined) add('alive_at', change.aliveAt);
    if (change.files !== undefined) add('files', JSON.stringify(change.files));
    if (change.error !== undefined) add('error', change.error);
    if (change.spec !== undefined) add('spec', JSON.stringify(change.spec));
    // A handful of column sets in all: SQLite caches the statements it prepares.
    this.#db
      .prepare(
        `UPDATE media_tasks SET ${sets.join(', ')}
         WHERE kind = @kind AND app_id = @app_id AND room_id = @room_id AND task_id = @task_id`,
      )
      .run(values);
  }

  active(): TaskRow[] {
    return this.#active.all().map(fromRow);
  }

  touch(kind: TaskKind, keys: readonly TaskKey[], at: number): void {
    if (keys.length === 0) return;
    this.#db.transaction(() => {
      for (const key of keys) this.#touch.run(at, kind, key.appId, key.roomId, key.taskId);
    })();
  }

  setFailNextStarts(appId: string, count: number): void {
    this.#setFail.run(appId, count);
  }

  takeStartFailure(appId: string): boolean {
    return this.#takeFail.run(appId).changes > 0;
  }

  list(filter: { appId?: string; roomId?: string; kind?: TaskKind; offset: number; limit: number }): {
    total: number;
    rows: TaskRow[];
  } {
    const conditions = [
      filter.appId === undefined ? '' : 'app_id = @appId',
      filter.roomId === undefined ? '' : 'room_id = @roomId',
      filter.kind ? 'kind = @kind' : '',
    ];
    const kept = conditions.filter((c) => c !== '');
    const where = kept.length === 0 ? '' : `WHERE ${kept.join(' AND ')}`;
    const app = {
      ...(filter.appId !== undefined && { appId: filter.appId }),
      ...(filter.roomId !== undefined && { roomId: filter.roomId }),
      ...(filter.kind !== undefined && { kind: filter.kind }),
    };
    const { total } = this.#db.prepare(`SELECT count(*) AS total FROM media_tasks ${where}`).get(app) as {
      total: number;
    };
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS} FROM media_tasks ${where} ORDER BY updated_at DESC LIMIT @limit OFFSET @offset`)
      .all({ ...app, offset: filter.offset, limit: filter.limit }) as Row[];
    return { total, rows: rows.map(fromRow) };
  }

  recordingEnabled(appId: string): boolean {
    return (this.#switch.get(appId)?.record_enabled ?? 1) === 1;
  }

  setRecordingEnabled(appId: string, enabled: boolean): void {
    this.#setSwitch.run(appId, enabled ? 1 : 0);
  }

  appendHistory(kind: TaskKind, key: TaskKey, e: TaskHistoryEntry): void {
    this.#history.add.run(kind, key.appId, key.roomId, key.taskId, e.at, e.entry, e.name, e.detail);
  }

  history(kind: TaskKind, key: TaskKey, limit: number): { total: number; entries: TaskHistoryEntry[] } {
    const args = [kind, key.appId, key.roomId, key.taskId] as const;
    return { total: this.#history.count.get(...args) ?? 0, entries: this.#history.read.all(...args, limit) };
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }
}

function keyValues(kind: TaskKind, key: TaskKey) {
  return { kind, app_id: key.appId, room_id: key.roomId, task_id: key.taskId };
}

function fromRow(row: Row): TaskRow {
  return {
    kind: row.kind,
    appId: row.app_id,
    roomId: row.room_id,
    taskId: row.task_id,
    businessId: row.business_id,
    apiVersion: row.api_version,
    phase: row.phase,
    startTime: row.start_time,
    endTime: row.end_time,
    stopReason: row.stop_reason as StopReason,
    spec: JSON.parse(row.spec) as unknown,
    timeline: JSON.parse(row.timeline) as TaskRow['timeline'],
    aliveAt: row.alive_at,
    files: JSON.parse(row.files) as TaskRow['files'],
    error: row.error,
  };
}
