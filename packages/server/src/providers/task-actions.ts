import { ApiError } from '../errors/api-error.js';
import type { TaskEngine } from '../tasks/task-engine.js';
import { statusOf, type TaskKey, type TaskKind, type TaskRow } from '../tasks/task-model.js';

/** What the Start / Get actions of every media task share (docs/tasks.md, the task model). */

/** Catalog 1.1: what a 2023-11-01 Start answers for a TaskId that is running already (older versions: an error). */
export const ALREADY_STARTED = 'The task has been started. Please do not call the startup task interface repeatedly';

export function taskKey(appId: string, params: { RoomId: string; TaskId: string }): TaskKey {
  return { appId, roomId: params.RoomId, taskId: params.TaskId };
}

/**
 * Starts a task: "ok"; an active TaskId: the 2023-11-01 "already started" answer, older versions
 * InvalidParameter.TaskAlreadyExists.
 */
export async function startTask(
  tasks: TaskEngine,
  kind: TaskKind,
  key: TaskKey,
  input: { businessId: string; apiVersion: string; spec: unknown },
): Promise<string> {
  const outcome = await tasks.start(kind, key, input);
  if (outcome === 'started') return 'ok';
  if (input.apiVersion === '2023-11-01') return ALREADY_STARTED;
  throw new ApiError('InvalidParameter.TaskAlreadyExists', `task ${key.taskId} is running in room ${key.roomId}`);
}

/** A task's row for Get*Task; an unknown one answers the code that says "no such task" (docs/tasks.md). */
export function existingTask(tasks: TaskEngine, kind: TaskKind, key: TaskKey): TaskRow {
  const row = tasks.get(kind, key);
  if (!row) {
    throw new ApiError(
      'InvalidParameter.ErrorActiveTaskNotFound',
      `no task ${key.taskId} in room ${key.roomId} of app ${key.appId}`,
    );
  }
  return row;
}

/** The state every Get*Task reports: EndTime and StopReason only once the task has finished. */
export function taskState(row: TaskRow) {
  const finished = row.phase === 'ended' || row.phase === 'failed';
  return {
    StartTime: row.startTime,
    EndTime: finished ? row.endTime : 0,
    Status: statusOf(row.phase),
    StopReason: finished ? row.stopReason : '',
  };
}

/** TargetStreams as a Get*Task reports it. */
export function targetStreamsOf(targets: readonly { userId: string; streamType: number; index?: number }[]) {
  return {
    StreamList: targets.map((t) => ({
      UserId: t.userId,
      StreamType: t.streamType,
      ...(t.index !== undefined && { Index: t.index }),
    })),
  };
}
