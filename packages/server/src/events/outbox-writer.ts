import type { CallbackOutbox, RoomEvent } from './callback-outbox.js';

/** Where callback events are enqueued (a handler's `ctx.events`, rooms, the task engine). */
export interface CallbackEvents {
  /**
   * Enqueues a callback event: its outbox rows are written in the transaction in progress, so they exist exactly
   * when the state change does, and are delivered once it commits. Outside a transaction the rows are written alone.
   * Returns the event's EventId, or undefined when no subscription takes it (no row was written).
   */
  enqueue(event: RoomEvent): string | undefined;
}

/** Runs `fn` in one transaction of the server's state (nested calls join the outer one); what it returns passes through. */
export type Transaction = <T>(fn: () => T) => T;

/** The outbox with the transaction its rows are written in: what rooms and the task engine write through. */
export interface TransactionalEvents extends CallbackEvents {
  transaction: Transaction;
}

/**
 * One unit of work: the state a change writes and the callback rows it causes, in one transaction; callback delivery
 * is woken after the commit, and only when rows were written (most apps have no subscription, and a wake costs a
 * setImmediate, a SELECT and a timer). The one place that pairs the outbox with a transaction: rooms (room-writer.ts),
 * the task engine and handlers (`ctx.transaction`, `ctx.events`) all write through it.
 */
export class OutboxWriter implements TransactionalEvents {
  readonly #runInTransaction: Transaction;
  readonly #outbox: Pick<CallbackOutbox, 'enqueue'>;
  readonly #wake: () => void;
  /** Transactions open through this writer (nested ones join the outer). */
  #depth = 0;
  /** Whether the outermost transaction in progress wrote outbox rows. */
  #enqueued = false;

  constructor(deps: {
    /** The store's transaction; every domain store on the same database shares it. */
    transaction: Transaction;
    outbox: Pick<CallbackOutbox, 'enqueue'>;
    /** Wakes the delivery worker. */
    wake: () => void;
  }) {
    this.#runInTransaction = deps.transaction;
    this.#outbox = deps.outbox;
    this.#wake = deps.wake;
  }

  enqueue(event: RoomEvent): string | undefined {
    const eventId = this.#outbox.enqueue(event);
    if (eventId === undefined) return undefined;
    if (this.#depth > 0) this.#enqueued = true;
    else this.#wake();
    return eventId;
  }

  /** Bound, so that it can be handed on (`ctx.transaction`). */
  readonly transaction: Transaction = <T>(fn: () => T): T => {
    const outermost = this.#depth === 0;
    if (outermost) this.#enqueued = false;
    this.#depth++;
    let result: T;
    try {
      result = this.#runInTransaction(fn);
    } finally {
      this.#depth--;
    }
    // Reached only when the transaction committed; a failed one leaves a flag the next one resets.
    if (outermost && this.#enqueued) this.#wake();
    return result;
  };
}
