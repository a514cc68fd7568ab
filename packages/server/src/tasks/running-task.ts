import type { StopReason, TaskKey, TaskKind } from './task-model.js';
import type { LiveTask, TaskLimits } from './task-runner.js';
import type { StreamTimeline } from './stream-timeline.js';
import type { TimeScale } from './time-scale.js';

/** What the engine keeps in memory of a running task. */
export interface Running {
  kind: TaskKind;
  key: TaskKey;
  spec: unknown;
  startTime: number;
  timeline: StreamTimeline;
  /** Wall-clock ms since when no followed stream is published; undefined while one is. */
  idleSince: number | undefined;
  stopping: boolean;
  /** The runner's live work, when it has some. */
  live?: { task: LiveTask; abort: AbortController };
}

/** The reason a running task must end now under its limits (wall-clock `at`), or undefined while it may go on. */
export function limitReached(task: Running, limits: TaskLimits, at: number, scale: TimeScale): StopReason | undefined {
  const { maxIdleMs, maxRunMs, runLimitReason } = limits;
  if (maxIdleMs > 0 && task.idleSince !== undefined && at - task.idleSince >= scale.wallMs(maxIdleMs)) {
    return 'IdleTimeOut';
  }
  // The StopReason of MaxRecordTime is undocumented: UnknownStopReason is our choice (docs/tasks.md).
  if (maxRunMs > 0 && at - task.startTime >= scale.wallMs(maxRunMs)) return runLimitReason ?? 'UnknownStopReason';
  return undefined;
}

/** The running tasks' keys by kind (their sign of life is written per kind). */
export function keysByKind(running: Iterable<Running>): Map<TaskKind, TaskKey[]> {
  const byKind = new Map<TaskKind, TaskKey[]>();
  for (const task of running) {
    const list = byKind.get(task.kind) ?? [];
    list.push(task.key);
    byKind.set(task.kind, list);
  }
  return byKind;
}

/** One queue (and one map entry) per task. */
export function queueKey(kind: TaskKind, key: TaskKey): string {
  return `${kind}\u0000${key.appId}\u0000${key.roomId}\u0000${key.taskId}`;
}
