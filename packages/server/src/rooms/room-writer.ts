import type { CallbackOutbox, RoomEvent } from '../events/callback-outbox.js';
import type { Database } from '../store/database.js';
import type { SessionRecordStore } from '../usage/usage-store.js';

/**
 * Writes what a room change leaves behind, the session records and the callback events (outbox rows), in one
 * SQLite transaction before memory changes.
 */
export class RoomWriter {
  readonly #db: Database;
  readonly #outbox: CallbackOutbox;
  readonly #onCommitted: () => void;
  readonly records: SessionRecordStore;
  /** Outbox rows written by the commit in progress. */
  #enqueued = 0;

  constructor(deps: {
    db: Database;
    records: SessionRecordStore;
    outbox: CallbackOutbox;
    /** Called after a transaction that enqueued callback rows (wakes the delivery worker). */
    onCommitted: () => void;
  }) {
    this.#db = deps.db;
    this.records = deps.records;
    this.#outbox = deps.outbox;
    this.#onCommitted = deps.onCommitted;
  }

  /** Enqueues a callback event (inside a commit); the rows written are counted so commit knows whether to wake. */
  event(event: RoomEvent): void {
    this.#enqueued += this.#outbox.enqueue(event);
  }

  /**
   * Runs `fn` in one transaction, then wakes callback delivery only when it enqueued rows: most apps have no
   * subscription, and a wake costs a setImmediate, a SELECT and a timer.
   */
  commit(fn: () => void): void {
    this.#enqueued = 0;
    this.#db.transaction(fn)();
    // Reached only when the transaction committed; a failed one leaves a count the next commit resets.
    if (this.#enqueued > 0) this.#onCommitted();
  }
}
