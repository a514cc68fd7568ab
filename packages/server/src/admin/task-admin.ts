import type { RecordingSpec } from '../tasks/recording/recording-spec.js';
import { statusOf, type TaskRow } from '../tasks/task-model.js';
import { WHITEBOARD_BUCKET } from '../whiteboard/transcode-model.js';
import type { TaskStore } from '../tasks/task-store.js';

/** The media tasks' side of administration: the recording switch, fault injection, the task list. */
export class TaskAdmin {
  readonly #store: TaskStore;

  constructor(store: TaskStore) {
    this.#store = store;
  }

  setRecording(appId: string, enabled: boolean) {
    this.#store.setRecordingEnabled(appId, enabled);
    return { appId, recordingEnabled: enabled };
  }

  /** The app's next `count` task starts fail: Status 4, StopReason StartTaskFailed, the failure callback. */
  failNextStarts(appId: string, count: number) {
    this.#store.setFailNextStarts(appId, count);
    return { appId, failNextStarts: count };
  }

  list(filter: { appId?: string; offset: number; limit: number }) {
    const { total, rows } = this.#store.list(filter);
    return { total, tasks: rows.map(taskView) };
  }
}

function taskView(row: TaskRow) {
  return {
    kind: row.kind,
    appId: row.appId,
    roomId: row.roomId,
    taskId: row.taskId,
    businessId: row.businessId,
    apiVersion: row.apiVersion,
    phase: row.phase,
    status: statusOf(row.phase),
    startTime: row.startTime,
    endTime: row.endTime,
    stopReason: row.stopReason,
    files: row.files,
    // The bucket of files named by ObjectKey (VOD files have a Vid instead): the console plays them from the store.
    ...(row.kind === 'record' && { bucket: bucketOfKeyedFiles(row.spec as RecordingSpec) }),
    ...(row.kind === 'wb-record' && { bucket: WHITEBOARD_BUCKET }),
    ...(row.error && { error: row.error }),
  };
}

function bucketOfKeyedFiles(spec: RecordingSpec): string | undefined {
  return spec.storage.type === 'vod' ? undefined : spec.storage.bucket;
}
