import type { RoomEvent } from '../events/callback-outbox.js';
import type { TransactionalEvents } from '../events/outbox-writer.js';
import type { SessionRecordStore } from '../usage/usage-store.js';

/**
 * Writes what a room change leaves behind, the session records and the callback events (outbox rows), in one
 * transaction before memory changes (events/outbox-writer.ts wakes delivery after it commits).
 */
export class RoomWriter {
  readonly #events: TransactionalEvents;
  readonly #onChange: (() => void) | undefined;
  readonly records: SessionRecordStore;

  constructor(deps: {
    records: SessionRecordStore;
    /** The outbox and its transaction (OutboxWriter). */
    events: TransactionalEvents;
    /** Called after every committed room change (the web console's live view); memory changes right after. */
    onChange?: () => void;
  }) {
    this.records = deps.records;
    this.#events = deps.events;
    this.#onChange = deps.onChange;
  }

  /** Enqueues a callback event (inside a commit). */
  event(event: RoomEvent): void {
    this.#events.enqueue(event);
  }

  /** Runs `fn` in one transaction; callback delivery is woken after it only when it enqueued rows. */
  commit(fn: () => void): void {
    this.#events.transaction(fn);
    this.#onChange?.();
  }
}
