import type { TaskFile, TaskRow } from '../task-model.js';
import type { TaskFailure } from '../task-runner.js';

/** RecordStarted's EventData: Code 0, or 1 with the reason when the task could not start (research 1.1). */
export function recordStartedData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
  return {
    AppId: row.appId,
    BusinessId: row.businessId,
    RoomId: row.roomId,
    TaskId: row.taskId,
    Code: failure ? 1 : 0,
    ErrorMessage: failure?.message ?? '',
  };
}

/** RecordStopped's EventData: RecordStarted's fields, StopReason and the file list. */
export function recordStoppedData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
  return { ...recordStartedData(row, failure), StopReason: row.stopReason, RecordFileList: row.files };
}

/** RecordUploadDone's EventData (our shape: the event's name is unverified): once all of a task's files are stored. */
export function recordUploadDoneData(row: TaskRow, files: readonly TaskFile[]): Record<string, unknown> {
  return { ...recordStartedData(row), RecordFileList: files };
}
