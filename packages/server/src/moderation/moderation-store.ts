/**
 * What content moderation keeps, behind one interface (SQLite: `sqlite-moderation-store.ts`): the operator's verdict
 * rules and the results the detection tasks reached. Synchronous: a detection round reads the rules and writes its
 * results in the same turn.
 */
export interface ModerationStore {
  /** Inserts or replaces the rule of (appId, roomId, userId). */
  setRule(rule: ModerationRule): void;
  /** False when there was no such rule. */
  removeRule(appId: string, roomId: string, userId: string): boolean;
  /** An app's rules (one room's when `roomId` is given), by room then user ('' first). */
  rules(appId: string, roomId?: string): ModerationRule[];
  /** Records a classified capture; returns its id. */
  addResult(result: NewDetectionResult): number;
  /** Records the fate of a result's POST so far. */
  recordDelivery(id: number, delivery: DeliveryOutcome): void;
  /** Results matching every given filter, newest first. */
  results(filter: ResultFilter, page: { offset: number; limit: number }): { total: number; results: DetectionResult[] };
  /** Results left `pending` (the server stopped during their POST) become `failed` with `reason`; how many. */
  failPending(reason: string): number;
  /** Deletes the results reached before `before` (unix ms); how many. */
  pruneResults(before: number): number;
}

/** A violation of `label` at `atMs` ms of task time (from the detection task's start). */
export interface Violation {
  label: string;
  atMs: number;
}

/** The verdict for a room (userId '') or one user of it: the violations it holds, none for a pass. */
export interface ModerationRule {
  appId: string;
  roomId: string;
  userId: string;
  violations: Violation[];
  /** Unix ms. */
  updatedAt: number;
}

/** `not-sent`: nothing was to be POSTed (no Callback, or a pass under CallbackType 0). */
export type DeliveryState = 'not-sent' | 'pending' | 'delivered' | 'failed';

export interface DeliveryOutcome {
  delivery: DeliveryState;
  attempts: number;
  /** The receiver's last status code; undefined when it never answered. */
  httpStatus?: number;
  /** Why the last attempt failed. */
  error?: string;
}

export interface NewDetectionResult {
  /** The callback's EventId. */
  eventId: string;
  appId: string;
  roomId: string;
  userId: string;
  /** 1 video snapshots, 2 an audio slice (the callback's MediaType). */
  mediaType: 1 | 2;
  suggest: 'PASS' | 'REJECT';
  /** The labels hit. */
  labels: string[];
  /** The capture's window in task time, ms: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** Unix ms. */
  at: number;
  delivery: 'not-sent' | 'pending';
}

export type DetectionResult = Omit<NewDetectionResult, 'delivery'> & DeliveryOutcome & { id: number };

export interface ResultFilter {
  appId?: string;
  roomId?: string;
  userId?: string;
}
