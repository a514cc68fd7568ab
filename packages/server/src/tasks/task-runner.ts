import type { LiveStream } from './room-presence.js';
import type { TaskFile, TaskKind, TaskRow } from './task-model.js';

/** How a failed start or a failed finish is told in the task's callback. */
export interface TaskFailure {
  message: string;
}

/**
 * What one kind of task (recording; snapshots and segments later) adds to the engine: its limits, which streams it
 * follows, how it starts and how it turns a stopped task's timeline into files, and its callbacks' shapes.
 */
export interface TaskRunner {
  readonly kind: TaskKind;
  /** Callback event names (they must be in SUBSCRIBABLE_EVENT_TYPES). */
  readonly events: { started: string; stopped: string };
  /** Task-time limits in ms: idle (no followed stream published), and the longest run (0: none). */
  limits(spec: unknown): { maxIdleMs: number; maxRunMs: number };
  /** Whether the task follows this stream (TargetStreams / ExcludeStreams). */
  follows(spec: unknown, stream: LiveStream): boolean;
  /** Checks that the task can run (its media worker and storage); throws an Error that says why not. */
  prepare(row: TaskRow): Promise<void>;
  /** Renders and stores the files of a stopped task; aborted when the server closes. */
  finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]>;
  startedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown>;
  stoppedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown>;
}
