import type { Database } from '../store/database.js';
import type { VoiceStore, VoiceTaskKey, VoiceTaskRow } from './voice-store.js';

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

const COLUMNS = `app_id, room_id, task_id, business_id, api_version, agent_user_id, target_user_id, state, start_time,
  end_time, stop_reason, detail`;

/** voice_chat_tasks on the server's SQLite database (voice/migrations.ts). */
export class SqliteVoiceStore implements VoiceStore {
  readonly #get;
  readonly #put;
  readonly #end;
  readonly #running;

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
  }

  get(key: VoiceTaskKey): VoiceTaskRow | undefined {
    const r = this.#get.get(key.appId, key.roomId, key.taskId);
    return r && fromRow(r);
  }

  put(t: VoiceTaskRow): void {
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
