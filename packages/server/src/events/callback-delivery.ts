import { signCallback } from '@rtc-openapi/signer';
import type { Logger } from 'pino';
import type { CallbackConfigs } from './callback-configs.js';
import { postCallback, withoutPassword } from './callback-post.js';
import { DeliveryScheduler, type DueRows, type Subscription } from './delivery-scheduler.js';
import type { AttemptOutcome, OutboxRow, OutboxStore } from './event-store.js';
import { CALLBACK_VERSION } from './event-types.js';
import { defaultOutboundFetch, type OutboundFetch } from '../net/guarded-fetch.js';

export interface CallbackDeliveryOptions {
  /** Retries after the first attempt (section 4.2: at most 2, so 3 deliveries in all). */
  maxRetries?: number;
  /**
   * A delivery succeeds on HTTP 200 within this time (section 4.2: 5 s): connecting, sending, the answer's headers
   * and its whole body. A timer the worker holds bounds it.
   */
  timeoutMs?: number;
  /** Delay before retry n is retryBaseMs × 2^(n-1). */
  retryBaseMs?: number;
  /** How often the worker looks for due rows when nothing wakes it. */
  pollIntervalMs?: number;
  /** Deliveries in flight at once, in all. */
  concurrency?: number;
  /** Deliveries in flight at once for one subscription (AppId + BusinessId). */
  perSubscription?: number;
  /** Deliveries in flight at once for all of one account's subscriptions. */
  perAccount?: number;
  /** A 200 answer's body may be at most this long; the rest is not read and the attempt fails. */
  maxAnswerBytes?: number;
}

/**
 * Posts outbox rows to their subscription's URL. A row stays `pending` until it is delivered (`delivered`), runs
 * out of retries (`failed`) or its subscription is gone (`dropped`); a restart picks pending rows up again, so
 * delivery is at least once (receivers dedupe on EventId). Which rows go next is the DeliveryScheduler's choice:
 * subscriptions in turn, each within its in-flight bounds.
 */
export class CallbackDeliveryWorker {
  readonly #store: OutboxStore;
  readonly #configs: CallbackConfigs;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #maxRetries: number;
  readonly #timeoutMs: number;
  readonly #retryBaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #maxAnswerBytes: number;
  readonly #scheduler: DeliveryScheduler;
  readonly #inFlight = new Map<number, { abort: AbortController; done: Promise<void> }>();
  #lastSeenId = 0;
  readonly #fetch: OutboundFetch;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #wakeQueued = false;

  constructor(deps: {
    store: OutboxStore;
    configs: CallbackConfigs;
    now: () => number;
    logger?: Logger;
    options?: CallbackDeliveryOptions;
    /** How receivers are reached (the operator's fetch policy); default the default policy's. */
    fetch?: OutboundFetch;
  }) {
    this.#fetch = deps.fetch ?? defaultOutboundFetch;
    this.#store = deps.store;
    this.#configs = deps.configs;
    this.#now = deps.now;
    this.#logger = deps.logger;
    const o = deps.options ?? {};
    this.#maxRetries = o.maxRetries ?? 2;
    this.#timeoutMs = o.timeoutMs ?? 5000;
    this.#retryBaseMs = o.retryBaseMs ?? 1000;
    this.#pollIntervalMs = o.pollIntervalMs ?? 500;
    this.#maxAnswerBytes = o.maxAnswerBytes ?? 16 * 1024;
    this.#scheduler = new DeliveryScheduler({
      concurrency: o.concurrency ?? 64,
      perSubscription: o.perSubscription ?? 8,
      perAccount: o.perAccount ?? 16,
    });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    // Every subscription with pending rows once (the pending index), then only rows written since (by id).
    this.#lastSeenId = this.#store.lastOutboxId();
    for (const s of this.#store.pendingSubscriptions()) this.#touch(s.appId, s.businessId);
    this.wake();
  }

  /** Looks for due rows now (called after a transaction that enqueued events). */
  wake(): void {
    if (!this.#running || this.#wakeQueued) return;
    this.#wakeQueued = true;
    setImmediate(() => {
      this.#wakeQueued = false;
      this.#tick();
    });
  }

  /** Stops polling and abandons in-flight posts without counting them, so a restart sends them again. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    const pending = [...this.#inFlight.values()];
    for (const p of pending) p.abort.abort();
    await Promise.all(pending.map((p) => p.done));
  }

  /** Posts in flight now (tests check that none is left behind). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  #touch(appId: string, businessId: string, dueAt?: number): void {
    this.#scheduler.touch(appId, businessId, () => this.#store.subscriptionAccount(appId, businessId) ?? '', dueAt);
  }

  #tick(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    for (const s of this.#store.subscriptionsWithRowsAfter(this.#lastSeenId)) {
      this.#lastSeenId = Math.max(this.#lastSeenId, s.last);
      this.#touch(s.appId, s.businessId);
    }
    const now = this.#now();
    for (const { sub, row } of this.#scheduler.pick(now, (s, max) => this.#dueRows(s, max, now))) {
      const abort = new AbortController();
      // An attempt that recorded nothing (abandoned by stop, or an error) leaves its row due: look again after a poll.
      let retryAt: number | undefined = this.#now() + this.#pollIntervalMs;
      const done = this.#deliver(row, abort.signal)
        .then((recorded) => {
          if (recorded) retryAt = recorded.retryAt;
        })
        .catch((error: unknown) => this.#logger?.error({ err: error, eventId: row.eventId }, 'callback delivery'))
        .finally(() => {
          this.#inFlight.delete(row.id);
          this.#scheduler.finished(sub, retryAt);
          this.wake();
        });
      this.#inFlight.set(row.id, { abort, done });
    }
    // Sooner than the poll when a retry falls due first; never a busy loop.
    const delay = Math.min(this.#pollIntervalMs, Math.max(5, this.#scheduler.nextDueAt() - this.#now()));
    this.#timer = setTimeout(() => this.#tick(), delay);
    this.#timer.unref();
  }

  /** A subscription's due rows that are not in flight, oldest due first. */
  #dueRows(sub: Subscription, max: number, now: number): DueRows<OutboxRow> {
    const rows: OutboxRow[] = [];
    for (const row of this.#store.pendingRows(sub.appId, sub.businessId, sub.inFlight + max + 1)) {
      if (this.#inFlight.has(row.id)) continue;
      if (rows.length === max || row.nextAttemptAt > now) return { rows, nextDueAt: row.nextAttemptAt };
      rows.push(row);
    }
    return { rows, nextDueAt: Infinity };
  }

  /** Posts one row and records the attempt (with the retry's time when it scheduled one); undefined when stopped. */
  async #deliver(row: OutboxRow, stopSignal: AbortSignal): Promise<{ retryAt: number | undefined } | undefined> {
    const config = this.#configs.get(row.appId, row.businessId);
    const attempt = row.attempts + 1;
    if (!config) {
      const sent = { url: '', body: undefined, answer: undefined };
      return this.#finish(row, 'dropped', attempt, sent, undefined, 'the callback subscription was deleted', 0);
    }
    const fields = {
      EventType: row.eventType,
      EventData: row.eventData,
      EventTime: row.eventTime,
      EventId: row.eventId,
      AppId: row.appId,
      Version: CALLBACK_VERSION,
      Nonce: row.nonce,
    };
    const body = JSON.stringify({ ...fields, Signature: signCallback(fields, config.secretKey) });
    const started = performance.now();
    let result;
    try {
      const limits = { timeoutMs: this.#timeoutMs, maxAnswerBytes: this.#maxAnswerBytes };
      result = await postCallback(config.url, body, limits, stopSignal, this.#fetch);
    } catch (e) {
      if (stopSignal.aborted) return undefined;
      throw e;
    }
    const durationMs = Math.round(performance.now() - started);
    const sent = { url: withoutPassword(config.url), body, answer: result.answer };
    if (result.error === undefined) return this.#finish(row, 'delivered', attempt, sent, 200, undefined, durationMs);
    const outcome = attempt > this.#maxRetries ? 'failed' : 'retry';
    return this.#finish(row, outcome, attempt, sent, result.status, result.error, durationMs);
  }

  /** Records an attempt (what was posted and answered), with the retry's time when it schedules one. */
  #finish(
    row: OutboxRow,
    outcome: AttemptOutcome,
    attempt: number,
    sent: { url: string; body: string | undefined; answer: string | undefined },
    httpStatus: number | undefined,
    error: string | undefined,
    durationMs: number,
  ): { retryAt: number | undefined } {
    const now = this.#now();
    const retryAt = outcome === 'retry' ? now + this.#retryBaseMs * 2 ** (attempt - 1) : undefined;
    this.#store.recordAttempt(row, { outcome, attempt, ...sent, httpStatus, error, durationMs, at: now, retryAt });
    if (outcome !== 'delivered') {
      this.#logger?.warn({ eventId: row.eventId, attempt, httpStatus, error, outcome }, 'callback not delivered');
    }
    return { retryAt };
  }
}
