import type {
  StreamSpan,
  TaskFile,
  TaskHistoryEntry,
  TaskKey,
  TaskKind,
  TaskPhase,
  TaskRow,
  StopReason,
} from './task-model.js';

/** The fields a phase change writes; the others keep their values. */
export interface PhaseChange {
  phase: TaskPhase;
  startTime?: number;
  endTime?: number;
  stopReason?: StopReason;
  timeline?: StreamSpan[];
  aliveAt?: number;
  files?: TaskFile[];
  error?: string;
  spec?: unknown;
}

/**
 * Where tasks are kept. Every write is synchronous so that it can share one transaction with the outbox rows of its
 * callback: the engine writes through `events/outbox-writer.ts`, whose transaction covers this store's writes.
 */
export interface TaskStore {
  get(kind: TaskKind, key: TaskKey): TaskRow | undefined;
  /** Inserts the row, replacing a finished one with the same key (and its history). */
  put(row: TaskRow, now: number): void;
  update(kind: TaskKind, key: TaskKey, change: PhaseChange, now: number): void;
  /** Rows still pending, running or stopping (a restart finishes them). */
  active(): TaskRow[];
  /** Marks running tasks as alive at `at`. */
  touch(kind: TaskKind, keys: readonly TaskKey[], at: number): void;
  /** Whether the app may record (AccessDenied.RecordNotEnabled when not); on unless switched off. */
  recordingEnabled(appId: string): boolean;
  setRecordingEnabled(appId: string, enabled: boolean): void;
  /** Makes the app's next `count` task starts fail (0 clears it). */
  setFailNextStarts(appId: string, count: number): void;
  /** Whether this start must fail: true (and one fewer left) while the app has failures pending. */
  takeStartFailure(appId: string): boolean;
  /** Tasks, most recently changed first (the admin API's list; GetWebRecordList and ListDetectionTask, of one kind). */
  list(filter: { appId?: string; roomId?: string; kind?: TaskKind; offset: number; limit: number }): {
    total: number;
    rows: TaskRow[];
  };
  /** Adds an entry to the task's timeline (in the transaction in progress, with the change it tells of). */
  appendHistory(kind: TaskKind, key: TaskKey, entry: TaskHistoryEntry): void;
  /** The task's timeline, oldest first: its first `limit` entries when it has more (`total` says how many). */
  history(kind: TaskKind, key: TaskKey, limit: number): { total: number; entries: TaskHistoryEntry[] };
  /** Runs `fn` in one transaction (several task writes without callbacks; with callbacks, use the OutboxWriter's). */
  transaction<T>(fn: () => T): T;
}
