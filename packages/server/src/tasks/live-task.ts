import type { LiveStream } from './room-presence.js';
import type { StopReason, TaskFile, TaskRow } from './task-model.js';
import type { LiveTask, LiveTaskContext, TaskFailure, TaskRunner } from './task-runner.js';
import type { TimeScale } from './time-scale.js';

/** What the engine lends a live task: each part already bound to the task and safe after it stopped. */
export interface LiveParts {
  scale: TimeScale;
  spec(): unknown;
  elapsedMs(): number;
  followed(): LiveStream[];
  emit(eventType: string, eventData: Record<string, unknown>): void;
  addFile(file: TaskFile): void;
  end(reason: StopReason, failure?: TaskFailure): void;
}

/** Starts a runner's live work for a task that has just begun running; throws what the runner throws. */
export function startLive(
  runner: TaskRunner,
  row: TaskRow,
  parts: LiveParts,
): { task: LiveTask; abort: AbortController } {
  const abort = new AbortController();
  const context: LiveTaskContext = { ...parts, row, signal: abort.signal };
  const task = runner.live!(context);
  return { task, abort };
}
