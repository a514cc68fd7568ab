import type { LiveStream } from './room-presence.js';
import type { StopReason, TaskFile, TaskKind, TaskRow } from './task-model.js';
import type { TimeScale } from './time-scale.js';

/** How a failed start, a failed finish or a live task's failure is told in the task's callback. */
export interface TaskFailure {
  message: string;
}

/** A task's limits in task-time ms (`RTC_TIME_SCALE` shortens them in wall time). */
export interface TaskLimits {
  /** Idle: no followed stream published for this long ends the task with IdleTimeOut; 0 or less: no idle rule. */
  maxIdleMs: number;
  /** The longest run; 0: none. */
  maxRunMs: number;
  /** The StopReason when maxRunMs runs out; default UnknownStopReason (recording's MaxRecordTime, docs/tasks.md). */
  runLimitReason?: StopReason;
}

/**
 * What a live task (a CDN push, periodic snapshots, a relay) gets while it runs. Its calls are safe at any time:
 * after the task has stopped they do nothing.
 */
export interface LiveTaskContext {
  /** The task's row when it began running. */
  readonly row: TaskRow;
  readonly scale: TimeScale;
  /** Aborted when the task stops, for whatever reason, or the server closes. */
  readonly signal: AbortSignal;
  /** The current spec (an Update replaces it; `LiveTask.updated` is told too). */
  spec(): unknown;
  /** Wall-clock ms since the task began running. */
  elapsedMs(): number;
  /** The room's streams the task follows right now. */
  followed(): LiveStream[];
  /** Enqueues a signed callback of the task's app (its own transaction) and wakes delivery. */
  emit(eventType: string, eventData: Record<string, unknown>): void;
  /** Adds a file to the task's row (made while running: a snapshot, a segment); Get*Task lists it at once. */
  addFile(file: TaskFile): void;
  /** Ends the task from within: with `reason` (Status 3), or failed (Status 4) when `failure` is given. */
  end(reason: StopReason, failure?: TaskFailure): void;
}

/** The live part of a running task. */
export interface LiveTask {
  /** The spec was replaced by an Update. */
  updated?(spec: unknown): void;
  /** The task is stopping: end the live work (processes, timers); resolves once it has ended. Never rejects. */
  stop(): Promise<void>;
}

/**
 * What one kind of task adds to the engine: its limits, which streams it follows, how it starts, the live work it
 * does while running (optional), how it turns a stopped task into files, and its callbacks' shapes.
 */
export interface TaskRunner {
  readonly kind: TaskKind;
  /**
   * The started and stopped callbacks: each event's name (in SUBSCRIBABLE_EVENT_TYPES) and its payload. A kind
   * without a documented started or stopped event (snapshots and segments tell only their RealTimeData; web
   * recording none) leaves it out: none is sent.
   */
  readonly events: { started?: TaskEvent; stopped?: TaskEvent };
  limits(spec: unknown): TaskLimits;
  /**
   * The room whose streams the task follows when it is not its key's: a public stream is keyed by its
   * PublicStreamId alone (RoomId '') and follows the room its TargetStreams name.
   */
  roomOf?(spec: unknown): string;
  /** Whether the task follows this stream (TargetStreams / ExcludeStreams). */
  follows(spec: unknown, stream: LiveStream): boolean;
  /** Checks that the task can run (its media worker and storage); throws an Error that says why not. */
  prepare(row: TaskRow): Promise<void>;
  /**
   * Starts the work a task does while it runs (pushing, taking snapshots), once it is running. Throwing fails the
   * start (StartTaskFailed). Runners whose work happens at the end (recording) leave it out.
   */
  live?(task: LiveTaskContext): LiveTask;
  /**
   * Renders and stores the files of a stopped task (after its live work stopped); aborted when the server closes.
   * A live task that made its files while running returns `row.files`.
   */
  finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]>;
}

/** A task's started or stopped callback: its event name and the payload of a task row (and its failure). */
export interface TaskEvent {
  name: string;
  data(row: TaskRow, failure?: TaskFailure): Record<string, unknown>;
}
