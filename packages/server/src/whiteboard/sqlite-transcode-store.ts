import type { Database } from '../store/database.js';
import {
  TRANSCODE_ERRORS,
  TRANSCODE_STATUS,
  type Transcode,
  type TranscodeErrorCode,
  type TranscodePage,
  type TranscodeRequest,
} from './transcode-model.js';
import type { TranscodeStore } from './transcode-store.js';

interface Row {
  app_id: string;
  task_id: string;
  status: number;
  progress: number;
  err_code: string;
  err_code_n: number;
  err_msg: string;
  request: string;
  width: number;
  height: number;
  pages: string;
}

/** The wb_transcodes table (`migrations.ts`). */
export class SqliteTranscodeStore implements TranscodeStore {
  readonly #sql;

  constructor(db: Database) {
    this.#sql = {
      insert: db.prepare(
        `INSERT INTO wb_transcodes (app_id, task_id, status, progress, request, file_name, created_at, updated_at)
          VALUES (?, ?, ${TRANSCODE_STATUS.queued}, 0, ?, ?, ?, ?)`,
      ),
      find: db.prepare<[string, string], Row>('SELECT * FROM wb_transcodes WHERE app_id = ? AND task_id = ?'),
      progress: db.prepare(
        `UPDATE wb_transcodes SET status = ${TRANSCODE_STATUS.converting}, progress = ?, updated_at = ?
          WHERE app_id = ? AND task_id = ?`,
      ),
      done: db.prepare(
        `UPDATE wb_transcodes SET status = ${TRANSCODE_STATUS.done}, progress = 100, width = ?, height = ?, pages = ?,
          updated_at = ? WHERE app_id = ? AND task_id = ?`,
      ),
      failed: db.prepare(
        `UPDATE wb_transcodes SET status = ${TRANSCODE_STATUS.failed}, err_code = ?, err_code_n = ?, err_msg = ?,
          updated_at = ? WHERE app_id = ? AND task_id = ?`,
      ),
      unfinished: db.prepare<[], { app_id: string; task_id: string }>(
        `SELECT app_id, task_id FROM wb_transcodes WHERE status IN (${TRANSCODE_STATUS.queued}, ${TRANSCODE_STATUS.converting})`,
      ),
    };
  }

  insert(appId: string, taskId: string, request: TranscodeRequest, at: number): void {
    this.#sql.insert.run(appId, taskId, JSON.stringify(request), request.fileName, at, at);
  }

  find(appId: string, taskId: string): Transcode | undefined {
    const r = this.#sql.find.get(appId, taskId);
    if (r === undefined) return undefined;
    return {
      appId: r.app_id,
      taskId: r.task_id,
      status: r.status,
      progress: r.progress,
      errCode: r.err_code,
      errCodeN: r.err_code_n,
      errMsg: r.err_msg,
      request: JSON.parse(r.request) as TranscodeRequest,
      width: r.width,
      height: r.height,
      pages: JSON.parse(r.pages) as TranscodePage[],
    };
  }

  progress(appId: string, taskId: string, percent: number, at: number): void {
    this.#sql.progress.run(percent, at, appId, taskId);
  }

  done(
    appId: string,
    taskId: string,
    result: { width: number; height: number; pages: TranscodePage[] },
    at: number,
  ): void {
    this.#sql.done.run(result.width, result.height, JSON.stringify(result.pages), at, appId, taskId);
  }

  failed(appId: string, taskId: string, code: TranscodeErrorCode, message: string, at: number): void {
    this.#sql.failed.run(code, TRANSCODE_ERRORS[code], message, at, appId, taskId);
  }

  unfinished(): { appId: string; taskId: string }[] {
    return this.#sql.unfinished.all().map((r) => ({ appId: r.app_id, taskId: r.task_id }));
  }
}
