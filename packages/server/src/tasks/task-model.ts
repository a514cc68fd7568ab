/**
 * The task model every media task shares (docs/tasks.md): identity, the four states `Get*Task` reports, the stop
 * reasons of the documented set, and what a task's row holds.
 */

/** A task is AppId + RoomId + TaskId within its kind; the same TaskId may be used in another room or app. */
export interface TaskKey {
  appId: string;
  roomId: string;
  taskId: string;
}

/**
 * The kinds of task the engine runs; each has its own Start/Stop/Get actions and callback names. A CDN push is one
 * kind whether mixed or single, so one TaskId is never both.
 */
export const TASK_KINDS = [
  'record',
  'web-record',
  'snapshot',
  'segment',
  'push',
  'public-stream',
  'relay',
  'webcast',
  'detection',
  'wb-record',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * Where a task is in its life. `stopping` is a stopped task whose files are being rendered and stored: it still
 * reports Status 2 (EndTime 0) until its files are listed, so Status 3 always comes with its final file list.
 */
export type TaskPhase = 'pending' | 'running' | 'stopping' | 'ended' | 'failed';

/** `Status` as every Get*Task reports it: 1 not started, 2 running, 3 ended, 4 failed. */
export const TaskStatus = { NotStarted: 1, Running: 2, Ended: 3, Failed: 4 } as const;
export type TaskStatusCode = (typeof TaskStatus)[keyof typeof TaskStatus];

export function statusOf(phase: TaskPhase): TaskStatusCode {
  switch (phase) {
    case 'pending':
      return TaskStatus.NotStarted;
    case 'running':
    case 'stopping':
      return TaskStatus.Running;
    case 'ended':
      return TaskStatus.Ended;
    case 'failed':
      return TaskStatus.Failed;
  }
}

/** The documented StopReason values (research 0.1); '' while the task has not finished. */
export type StopReason =
  | ''
  | 'UnknownStopReason'
  | 'StopByAPI'
  | 'StartTaskFailed'
  | 'IdleTimeOut'
  | 'UserDisconnect'
  | 'ExceedMaxRunningTime';

/** A task is active (Update and Stop find it; Start again is "already started") until it ends or fails. */
export const isActive = (phase: TaskPhase): boolean =>
  phase === 'pending' || phase === 'running' || phase === 'stopping';

/** A task's row when it is started: Status 1 until it begins. */
export function pendingTaskRow(
  kind: TaskKind,
  key: TaskKey,
  start: { businessId: string; apiVersion: string; spec: unknown },
  at: number,
): TaskRow {
  return {
    kind,
    ...key,
    businessId: start.businessId,
    apiVersion: start.apiVersion,
    phase: 'pending',
    startTime: 0,
    endTime: 0,
    stopReason: '',
    spec: start.spec,
    timeline: [],
    aliveAt: at,
    files: [],
    error: '',
  };
}

/** One interval during which a stream of the room was published, relative to the task's start (ms). */
export interface StreamSpan {
  userId: string;
  /** 0 camera/microphone (`main`), 1 screen (`screen`). */
  streamType: 0 | 1;
  audio: boolean;
  video: boolean;
  from: number;
  /** Undefined while the span is open. */
  to?: number;
}

/** A file a task produced, as RecordFileList reports it. */
export interface TaskFile {
  ObjectKey?: string;
  Vid?: string;
  /** ms */
  Duration: number;
  Size: number;
  /** Unix ms. */
  StartTime: number;
  StreamList: { UserId: string; Index: number; StreamType: number }[];
  AudioCodec?: string;
  VideoCodec?: string;
  VideoWidth?: number;
  VideoHeight?: number;
}

/** A task's row: what GetRecordTask reads and what a restart resumes from. */
export interface TaskRow extends TaskKey {
  kind: TaskKind;
  businessId: string;
  /** The API version that started the task. */
  apiVersion: string;
  phase: TaskPhase;
  /** Unix ms when the task began running; 0 before. */
  startTime: number;
  /** Unix ms when the task ended (reported once it is ended or failed); 0 before. */
  endTime: number;
  stopReason: StopReason;
  /** The kind's normalised start parameters (JSON-serialisable). */
  spec: unknown;
  /** Who published what and when, while the task ran. */
  timeline: StreamSpan[];
  /** Unix ms of the task's last sign of life (a restart ends it here). */
  aliveAt: number;
  files: TaskFile[];
  /** Why a failed task failed (said in its callback). */
  error: string;
}

/**
 * One entry of a task's timeline: a state change (`name` the phase; `detail` the stop reason and error), a callback
 * it sent (`name` the event type; `detail` its EventId, '' when no subscription took it) or a file it stored (`name`
 * the ObjectKey or Vid).
 */
export interface TaskHistoryEntry {
  /** Unix ms. */
  at: number;
  entry: 'state' | 'callback' | 'file';
  name: string;
  detail: string;
}
