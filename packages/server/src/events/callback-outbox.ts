import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../store/database.js';
import { formatEventTime } from './event-time.js';

export interface RoomEvent {
  appId: string;
  eventType: string;
  /** Serialised as the callback's EventData string. */
  eventData: Record<string, unknown>;
  /** Unix ms. */
  at: number;
}

/**
 * The durable outbox. `enqueue` must run inside the SQLite transaction that makes the state change, so an event
 * exists exactly when its change does; the delivery worker reads the rows afterwards.
 */
export class CallbackOutbox {
  readonly #subscribers;
  readonly #insert;

  constructor(db: Database) {
    this.#subscribers = db.prepare<[string], { business_id: string; event_list: string }>(
      'SELECT business_id, event_list FROM callback_configs WHERE app_id = ?',
    );
    this.#insert = db.prepare(
      `INSERT INTO callback_outbox (event_id, app_id, business_id, event_type, event_data, event_time, nonce, status,
        attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    );
  }

  /** Writes one row per subscription that lists the event type; returns how many. */
  enqueue(event: RoomEvent): number {
    let rows = 0;
    let eventId: string | undefined;
    let data: string | undefined;
    for (const sub of this.#subscribers.all(event.appId)) {
      const list = JSON.parse(sub.event_list) as string[];
      if (!list.includes(event.eventType)) continue;
      eventId ??= randomUUID();
      data ??= JSON.stringify(event.eventData);
      // Section 4.3: a 4-digit random string. Kept with the row so that every retry carries the same signature.
      const nonce = String(randomInt(0, 10000)).padStart(4, '0');
      this.#insert.run(
        eventId,
        event.appId,
        sub.business_id,
        event.eventType,
        data,
        formatEventTime(event.at),
        nonce,
        event.at,
        event.at,
      );
      rows++;
    }
    return rows;
  }
}
