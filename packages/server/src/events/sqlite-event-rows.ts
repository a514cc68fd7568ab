import type {
  DeliveryLogEntry,
  DeliveryRecord,
  DeliveryStatus,
  OutboxRow,
  SealedCallbackConfig,
} from './event-store.js';

// The rows of the callback tables as SQLite returns them, and what each becomes (sqlite-event-store.ts).

export interface ConfigRow {
  app_id: string;
  business_id: string;
  account_id: string;
  url: string;
  secret_ciphertext: Buffer;
  event_list: string;
  region: string;
  created_at: string;
  updated_at: string;
}

export interface OutboxTableRow {
  id: number;
  event_id: string;
  app_id: string;
  business_id: string;
  event_type: string;
  event_data: string;
  event_time: string;
  nonce: string;
  attempts: number;
  next_attempt_at: number;
}

export interface LogRow {
  outbox_id: number;
  event_id: string;
  app_id: string;
  event_type: string;
  url: string;
  attempt: number;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
  outcome: string;
  at: number;
}

export interface DeliveryRow extends OutboxTableRow {
  status: DeliveryStatus;
  created_at: number;
  finished_at: number | null;
  redelivery_of: number | null;
}

export function toLogEntry(r: LogRow): DeliveryLogEntry {
  return {
    deliveryId: r.outbox_id,
    eventId: r.event_id,
    appId: r.app_id,
    eventType: r.event_type,
    url: r.url,
    attempt: r.attempt,
    httpStatus: r.http_status ?? undefined,
    error: r.error ?? undefined,
    durationMs: r.duration_ms,
    outcome: r.outcome,
    at: new Date(r.at).toISOString(),
  };
}

export function toDelivery(r: DeliveryRow): DeliveryRecord {
  const { id, nextAttemptAt: _due, ...event } = toOutboxRow(r);
  return {
    deliveryId: id,
    ...event,
    status: r.status,
    createdAt: r.created_at,
    finishedAt: r.finished_at ?? undefined,
    redeliveryOf: r.redelivery_of ?? undefined,
  };
}

export function toConfig(row: ConfigRow): SealedCallbackConfig {
  return {
    appId: row.app_id,
    businessId: row.business_id,
    accountId: row.account_id,
    url: row.url,
    secretCiphertext: row.secret_ciphertext,
    eventList: JSON.parse(row.event_list) as string[],
    region: row.region,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toOutboxRow(r: OutboxTableRow): OutboxRow {
  return {
    id: r.id,
    eventId: r.event_id,
    appId: r.app_id,
    businessId: r.business_id,
    eventType: r.event_type,
    eventData: r.event_data,
    eventTime: r.event_time,
    nonce: r.nonce,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
  };
}
