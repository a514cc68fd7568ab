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

/**
 * Where voice agent tasks are kept, behind an interface so that another store (PostgreSQL) can stand in for SQLite
 * (`sqlite-voice-store.ts`) without touching the voice agents or a handler.
 */
export interface VoiceStore {
  get(key: VoiceTaskKey): VoiceTaskRow | undefined;
  /** Inserts the task, replacing one with the same key. */
  put(task: VoiceTaskRow): void;
  /** Ends a running task (no-op when it is not running). */
  end(key: VoiceTaskKey, at: number, reason: string, detail: string): void;
  /** The tasks still running (a restart ends them). */
  running(): VoiceTaskRow[];
}
