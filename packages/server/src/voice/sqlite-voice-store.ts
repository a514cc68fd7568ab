import type { Database } from '../store/database.js';
import type { VoiceStore, VoiceTaskEvent, VoiceTaskKey, VoiceTaskRow } from './voice-store.js';

interface Row {
  app_id: string;
  room_id: string;
  task_id: string;
  business_id: string;
  api_version: string;
  agent_user_id: string;
  target_user_id: string;
  state: 'running' | 'ended';
  start_time: number;
  end_time: number;
  stop_reason: string;
  detail: string;
}

interface EventRow {
  at: number;
  round_id: number;
  run_stage: string;
  event_type: number;
  detail: string;
  event_id: string;
}

const COLUMNS = `app_id, room_id, task_id, business_id, api_version, agent_user_id, target_user_id, state, start_time,
  end_time, stop_reason, detail`;

/** voice_chat_tasks on the server's SQLite database (voice/migrations.ts). */
export class SqliteVoiceStore implements VoiceStore {
  readonly #get;
  readonly #put;
  readonly #end;
  readonly #running;
  readonly #list;
  readonly #events;

  constructor(db: Database) {
    this.#get = db.prepare<[string, string, string], Row>(
      `SELECT ${COLUMNS} FROM voice_chat_tasks WHERE app_id = ? AND room_id = ? AND task_id = ?`,
    );
    this.#put = db.prepare(
      `INSERT OR REPLACE INTO voice_chat_tasks (${COLUMNS}) VALUES (@app_id, @room_id, @task_id, @business_id,
        @api_version, @agent_user_id, @target_user_id, @state, @start_time, @end_time, @stop_reason, @detail)`,
    );
    this.#end = db.prepare(
      `UPDATE voice_chat_tasks SET state = 'ended', end_time = ?, stop_reason = ?, detail = ?
       WHERE app_id = ? AND room_id = ? AND task_id = ? AND state = 'running'`,
    );
    this.#running = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM voice_chat_tasks WHERE state = 'running'`);
    this.#list = {
      count: db.prepare<[], number>('SELECT count(*) FROM voice_chat_tasks').pluck(),
      page: db.prepare<[number, number], Row>(
        `SELECT ${COLUMNS} FROM voice_chat_tasks ORDER BY start_time DESC LIMIT ? OFFSET ?`,
      ),
    };
    const task = 'app_id = ? AND room_id = ? AND task_id = ?';
    this.#events = {
      clear: db.prepare(`DELETE FROM voice_task_events WHERE ${task}`),
      add: db.prepare(
        `INSERT INTO voice_task_events (app_id, room_id, task_id, at, round_id, run_stage, event_type, detail, event_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      count: db
        .prepare<[string, string, string], number>(`SELECT count(*) FROM voice_task_events WHERE ${task}`)
        .pluck(),
      read: db.prepare<[string, string, string, number], EventRow>(
        `SELECT at, round_id, run_stage, event_type, detail, event_id FROM voice_task_events WHERE ${task}
         ORDER BY id LIMIT ?`,
      ),
    };
  }

  get(key: VoiceTaskKey): VoiceTaskRow | undefined {
    const r = this.#get.get(key.appId, key.roomId, key.taskId);
    return r && fromRow(r);
  }

  put(t: VoiceTaskRow): void {
    this.#events.clear.run(t.appId, t.roomId, t.taskId);
    this.#put.run({
      app_id: t.appId,
      room_id: t.roomId,
      task_id: t.taskId,
      business_id: t.businessId,
      api_version: t.apiVersion,
      agent_user_id: t.agentUserId,
      target_user_id: t.targetUserId,
      state: t.state,
      start_time: t.startTime,
      end_time: t.endTime,
      stop_reason: t.stopReason,
      detail: t.detail,
    });
  }

  end(key: VoiceTaskKey, at: number, reason: string, detail: string): void {
    this.#end.run(at, reason, detail, key.appId, key.roomId, key.taskId);
  }

  running(): VoiceTaskRow[] {
    return this.#running.all().map(fromRow);
  }

  list(page: { offset: number; limit: number }): { total: number; rows: VoiceTaskRow[] } {
    return { total: this.#list.count.get() ?? 0, rows: this.#list.page.all(page.limit, page.offset).map(fromRow) };
  }

  appendEvent(key: VoiceTaskKey, e: VoiceTaskEvent): void {
    const { appId, roomId, taskId } = key;
    this.#events.add.run(appId, roomId, taskId, e.at, e.roundId, e.runStage, e.eventType, e.detail, e.eventId);
  }

  events(key: VoiceTaskKey, limit: number): { total: number; events: VoiceTaskEvent[] } {
    const args = [key.appId, key.roomId, key.taskId] as const;
    const events = this.#events.read.all(...args, limit).map((r) => ({
      at: r.at,
      roundId: r.round_id,
      runStage: r.run_stage,
      eventType: r.event_type,
      detail: r.detail,
      eventId: r.event_id,
    }));
    return { total: this.#events.count.get(...args) ?? 0, events };
  }
}

function fromRow(r: Row): VoiceTaskRow {
  return {
    appId: r.app_id,
    roomId: r.room_id,
    taskId: r.task_id,
    businessId: r.business_id,
    apiVersion: r.api_version,
    agentUserId: r.agent_user_id,
    targetUserId: r.target_user_id,
    state: r.state,
    startTime: r.start_time,
    endTime: r.end_time,
    stopReason: r.stop_reason,
    detail: r.detail,
  };
}
