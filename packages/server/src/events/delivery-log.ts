import type { Database } from '../store/database.js';

export interface DeliveryLogEntry {
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

interface LogRow {
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

/**
 * An event's delivery status: its `callback_outbox` row's `status`. `pending` until delivered, out of retries
 * (`failed`) or dropped because its subscription was deleted.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dropped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryLogQuery {
  appId?: string;
  eventId?: string;
  eventType?: string;
  /** Only attempts for events whose delivery is now in this status (every attempt of such an event). */
  status?: DeliveryStatus;
  offset?: number;
  limit?: number;
}

/** The callback delivery log, newest first: one entry per attempt. For the admin (CLI and admin API). */
export function listDeliveries(db: Database, query: DeliveryLogQuery = {}): DeliveryLogEntry[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (query.appId !== undefined) {
    where.push('app_id = ?');
    args.push(query.appId);
  }
  if (query.eventId !== undefined) {
    where.push('event_id = ?');
    args.push(query.eventId);
  }
  if (query.eventType !== undefined) {
    where.push('event_type = ?');
    args.push(query.eventType);
  }
  if (query.status !== undefined) {
    where.push('outbox_id IN (SELECT id FROM callback_outbox WHERE status = ?)');
    args.push(query.status);
  }
  const offset = Math.max(query.offset ?? 0, 0);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
  const rows = db
    .prepare<(string | number)[], LogRow>(
      `SELECT event_id, app_id, event_type, url, attempt, http_status, error, duration_ms, outcome, at
        FROM callback_delivery_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, limit, offset);
  return rows.map((r) => ({
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
  }));
}
