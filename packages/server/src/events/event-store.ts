/**
 * What the events domain keeps (callback subscriptions, the outbox, the delivery log), behind interfaces so that
 * another store (PostgreSQL) can stand in for SQLite (`sqlite-event-store.ts`) without touching a service or a
 * handler. Writes are synchronous: outbox rows are written inside the transaction of the state change that caused
 * them (`transaction`, shared with the other domains' stores on the same database), as the task store's are.
 */
export interface EventStore extends CallbackConfigStore, OutboxStore, DeliveryLogStore {
  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T;
}

/** A callback subscription as stored: its secret sealed by `secret-cipher.ts`. */
export interface SealedCallbackConfig {
  appId: string;
  businessId: string;
  accountId: string;
  url: string;
  secretCiphertext: Buffer;
  eventList: string[];
  region: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** Subscriptions, one per (AppId, BusinessId). */
export interface CallbackConfigStore {
  /** An app's subscriptions, oldest first. */
  configsOfApp(appId: string): SealedCallbackConfig[];
  findConfig(appId: string, businessId: string): SealedCallbackConfig | undefined;
  /** False when a subscription for (appId, businessId) exists already. */
  insertConfig(config: SealedCallbackConfig): boolean;
  /** False when there is no such subscription. */
  updateConfig(
    appId: string,
    businessId: string,
    change: { url: string; secretCiphertext: Buffer; eventList: string[]; updatedAt: string },
  ): boolean;
  /** Deletes one subscription, or all of an app's when businessId is undefined. Returns how many went. */
  deleteConfigs(appId: string, businessId: string | undefined): number;
  /** Subscriptions written before secrets were sealed (events/002), with their secret in the clear. */
  unsealedSecrets(): { appId: string; businessId: string; secretKey: string }[];
  /** Stores the sealed secrets of `unsealedSecrets`' rows (and clears the plain ones), in one transaction. */
  sealSecrets(sealed: readonly { appId: string; businessId: string; secretCiphertext: Buffer }[]): void;
}

/** An event waiting in the outbox for one subscription. */
export interface OutboxRow {
  id: number;
  eventId: string;
  appId: string;
  businessId: string;
  eventType: string;
  /** The callback's EventData string. */
  eventData: string;
  eventTime: string;
  nonce: string;
  attempts: number;
  /** Unix ms. */
  nextAttemptAt: number;
}

export type NewOutboxRow = Omit<OutboxRow, 'id' | 'attempts'>;

/** How an attempt ended: the row is `delivered`, `failed` or `dropped` (final), or waits for a `retry`. */
export type AttemptOutcome = 'delivered' | 'failed' | 'dropped' | 'retry';

/** One delivery attempt, as the log keeps it. */
export interface AttemptRecord {
  outcome: AttemptOutcome;
  attempt: number;
  /** The URL posted to, without its password. */
  url: string;
  httpStatus: number | undefined;
  error: string | undefined;
  durationMs: number;
  /** Unix ms. */
  at: number;
  /** When the retry is due (unix ms); only with `retry`. */
  retryAt: number | undefined;
  /** The body posted (with its Signature); undefined when nothing was posted (`dropped`). */
  body: string | undefined;
  /** The start of the receiver's answer body, when one was read. */
  answer: string | undefined;
}

/** The durable outbox the delivery worker reads. */
export interface OutboxStore {
  /** The subscriptions of an app with the event types each wants (what enqueuing an event reads). */
  subscriptionsOf(appId: string): { businessId: string; eventList: string[] }[];
  /** The owner of a subscription, undefined when it is gone. */
  subscriptionAccount(appId: string, businessId: string): string | undefined;
  insertOutboxRow(row: NewOutboxRow): void;
  /** The highest row id written so far (0 when none). */
  lastOutboxId(): number;
  /** Every subscription with pending rows. */
  pendingSubscriptions(): { appId: string; businessId: string }[];
  /** Subscriptions with pending rows written after row `afterId`, with the last such row's id. */
  subscriptionsWithRowsAfter(afterId: number): { appId: string; businessId: string; last: number }[];
  /** A subscription's pending rows, oldest due first, at most `limit`. */
  pendingRows(appId: string, businessId: string, limit: number): OutboxRow[];
  /** Records an attempt of `row`: its new state (retry time, or final outcome) and its log entry, in one transaction. */
  recordAttempt(row: OutboxRow, attempt: AttemptRecord): void;
  /**
   * Queues delivery `deliveryId` again: a new pending row with the same event (EventId, data, time, nonce), due at
   * `at`, that names the row it repeats. Returns the new row's id; undefined when there is no such delivery.
   */
  redeliver(deliveryId: number, at: number): number | undefined;
}

/** One logged delivery attempt. */
export interface DeliveryLogEntry {
  /** The delivery (the outbox row: one event for one subscription) this attempt belongs to. */
  deliveryId: number;
  eventId: string;
  appId: string;
  eventType: string;
  url: string;
  attempt: number;
  /** The receiver's status code; undefined when there was no answer. */
  httpStatus: number | undefined;
  error: string | undefined;
  durationMs: number;
  /** `delivered`, `retry` (another attempt is scheduled), `failed` (out of retries) or `dropped`. */
  outcome: string;
  /** ISO 8601. */
  at: string;
}

/**
 * An event's delivery status: its outbox row's status. `pending` until delivered, out of retries (`failed`) or
 * dropped because its subscription was deleted.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dropped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryLogFilter {
  appId?: string;
  eventId?: string;
  eventType?: string;
  /** Only attempts for events whose delivery is now in this status (every attempt of such an event). */
  status?: DeliveryStatus;
}

/** One delivery: an event for one subscription (its outbox row), however many attempts it took. */
export interface DeliveryRecord extends Omit<OutboxRow, 'id' | 'nextAttemptAt'> {
  deliveryId: number;
  status: DeliveryStatus;
  /** Unix ms. */
  createdAt: number;
  /** Unix ms when it was delivered, failed or dropped. */
  finishedAt: number | undefined;
  /** The delivery this one repeats (a redelivery). */
  redeliveryOf: number | undefined;
}

/** An attempt with what was sent and answered. */
export interface AttemptDetail extends DeliveryLogEntry {
  /** The body posted, as sent (undefined when nothing was posted, or for attempts logged before bodies were). */
  body: string | undefined;
  answer: string | undefined;
}

export interface DeliveryLogStore {
  /** Attempts matching every given filter, newest first. */
  deliveries(filter: DeliveryLogFilter, page: { offset: number; limit: number }): DeliveryLogEntry[];
  delivery(deliveryId: number): DeliveryRecord | undefined;
  /** A delivery's attempts, oldest first. */
  attemptsOf(deliveryId: number): AttemptDetail[];
  /** The deliveries of an event (one per subscription, and redeliveries), oldest first. */
  deliveriesOfEvent(eventId: string): DeliveryRecord[];
}
