export interface VoiceTaskKey {
  appId: string;
  roomId: string;
  taskId: string;
}

/** A voice agent task as stored. */
export interface VoiceTaskRow extends VoiceTaskKey {
  businessId: string;
  apiVersion: string;
  agentUserId: string;
  targetUserId: string;
  state: 'running' | 'ended';
  /** Unix ms. */
  startTime: number;
  /** Unix ms; 0 while running. */
  endTime: number;
  /** '' while running. */
  stopReason: string;
  detail: string;
}

/** One VoiceChat event of a task, as its timeline keeps it. */
export interface VoiceTaskEvent {
  /** Unix ms. */
  at: number;
  roundId: number;
  runStage: string;
  /** 0 a state change, 1 an error. */
  eventType: number;
  /** The stop reason, or the error's code and reason. */
  detail: string;
  /** The callback's EventId; '' when no subscription took it. */
  eventId: string;
}

/**
 * Where voice agent tasks are kept, behind an interface so that another store (PostgreSQL) can stand in for SQLite
 * (`sqlite-voice-store.ts`) without touching the voice agents or a handler.
 */
export interface VoiceStore {
  get(key: VoiceTaskKey): VoiceTaskRow | undefined;
  /** Inserts the task, replacing one with the same key (and its timeline). */
  put(task: VoiceTaskRow): void;
  /** Ends a running task (no-op when it is not running). */
  end(key: VoiceTaskKey, at: number, reason: string, detail: string): void;
  /** The tasks still running (a restart ends them). */
  running(): VoiceTaskRow[];
  /** Tasks, most recently started first (the console's list). */
  list(page: { offset: number; limit: number }): { total: number; rows: VoiceTaskRow[] };
  /** Adds a VoiceChat event to the task's timeline (in the transaction that writes its outbox rows). */
  appendEvent(key: VoiceTaskKey, event: VoiceTaskEvent): void;
  /** The task's timeline, oldest first: its first `limit` events (`total` says how many it has). */
  events(key: VoiceTaskKey, limit: number): { total: number; events: VoiceTaskEvent[] };
}
