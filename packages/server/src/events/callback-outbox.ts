import { randomInt, randomUUID } from 'node:crypto';
import { formatEventTime } from './event-time.js';
import type { OutboxStore } from './event-store.js';

export interface RoomEvent {
  appId: string;
  eventType: string;
  /** Serialised as the callback's EventData string. */
  eventData: Record<string, unknown>;
  /** Unix ms. */
  at: number;
}

/**
 * The durable outbox. `enqueue` must run inside the transaction that makes the state change, so an event exists
 * exactly when its change does; the delivery worker reads the rows afterwards.
 */
export class CallbackOutbox {
  readonly #store: Pick<OutboxStore, 'subscriptionsOf' | 'insertOutboxRow'>;

  constructor(store: Pick<OutboxStore, 'subscriptionsOf' | 'insertOutboxRow'>) {
    this.#store = store;
  }

  /** Writes one row per subscription that lists the event type; returns their EventId, undefined when none. */
  enqueue(event: RoomEvent): string | undefined {
    let eventId: string | undefined;
    let eventData: string | undefined;
    let eventTime: string | undefined;
    for (const sub of this.#store.subscriptionsOf(event.appId)) {
      if (!sub.eventList.includes(event.eventType)) continue;
      eventId ??= randomUUID();
      eventData ??= JSON.stringify(event.eventData);
      eventTime ??= formatEventTime(event.at);
      // Section 4.3: a 4-digit random string. Kept with the row so that every retry carries the same signature.
      const nonce = String(randomInt(0, 10000)).padStart(4, '0');
      this.#store.insertOutboxRow({
        eventId,
        appId: event.appId,
        businessId: sub.businessId,
        eventType: event.eventType,
        eventData,
        eventTime,
        nonce,
        nextAttemptAt: event.at,
      });
    }
    return eventId;
  }
}
