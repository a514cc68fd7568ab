import { signCallback } from '@rtc-openapi/signer';
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import type { CallbackConfigs } from './callback-configs.js';
import { CALLBACK_VERSION } from './event-types.js';

export interface CallbackDeliveryOptions {
  /** Retries after the first attempt (section 4.2: at most 2, so 3 deliveries in all). */
  maxRetries?: number;
  /** A delivery succeeds on HTTP 200 within this time (section 4.2: 5 s). */
  timeoutMs?: number;
  /** Delay before retry n is retryBaseMs × 2^(n-1). */
  retryBaseMs?: number;
  /** How often the worker looks for due rows when nothing wakes it. */
  pollIntervalMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
}

interface OutboxRow {
  id: number;
  event_id: string;
  app_id: string;
  business_id: string;
  event_type: string;
  event_data: string;
  event_time: string;
  nonce: string;
  attempts: number;
}

/**
 * Posts outbox rows to their subscription's URL. A row stays `pending` until it is delivered (`delivered`), runs
 * out of retries (`failed`) or its subscription is gone (`dropped`); a restart picks pending rows up again, so
 * delivery is at least once (receivers dedupe on EventId).
 */
export class CallbackDeliveryWorker {
  readonly #db: Database;
  readonly #configs: CallbackConfigs;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #maxRetries: number;
  readonly #timeoutMs: number;
  readonly #retryBaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #concurrency: number;
  readonly #inFlight = new Map<number, { abort: AbortController; done: Promise<void> }>();
  readonly #due;
  readonly #retryLater;
  readonly #close;
  readonly #log;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #wakeQueued = false;

  constructor(deps: {
    db: Database;
    configs: CallbackConfigs;
    now: () => number;
    logger?: Logger;
    options?: CallbackDeliveryOptions;
  }) {
    this.#db = deps.db;
    this.#configs = deps.configs;
    this.#now = deps.now;
    this.#logger = deps.logger;
    const o = deps.options ?? {};
    this.#maxRetries = o.maxRetries ?? 2;
    this.#timeoutMs = o.timeoutMs ?? 5000;
    this.#retryBaseMs = o.retryBaseMs ?? 1000;
    this.#pollIntervalMs = o.pollIntervalMs ?? 500;
    this.#concurrency = o.concurrency ?? 16;
    this.#due = this.#db.prepare<[number, number], OutboxRow>(
      `SELECT id, event_id, app_id, business_id, event_type, event_data, event_time, nonce, attempts
        FROM callback_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    );
    this.#retryLater = this.#db.prepare<[number, number, number]>(
      'UPDATE callback_outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?',
    );
    this.#close = this.#db.prepare<[number, string, number, number]>(
      'UPDATE callback_outbox SET attempts = ?, status = ?, finished_at = ? WHERE id = ?',
    );
    this.#log = this.#db.prepare<
      [number, string, string, string, string, number, number | null, string | null, number, string, number]
    >(
      `INSERT INTO callback_delivery_log (outbox_id, event_id, app_id, event_type, url, attempt, http_status,
        error, duration_ms, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
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

  #tick(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    const free = this.#concurrency - this.#inFlight.size;
    if (free > 0) {
      const rows = this.#due.all(this.#now(), free + this.#inFlight.size);
      for (const row of rows) {
        if (this.#inFlight.size >= this.#concurrency) break;
        if (this.#inFlight.has(row.id)) continue;
        const abort = new AbortController();
        const done = this.#deliver(row, abort.signal)
          .catch((error: unknown) => this.#logger?.error({ err: error, eventId: row.event_id }, 'callback delivery'))
          .finally(() => {
            this.#inFlight.delete(row.id);
            this.wake();
          });
        this.#inFlight.set(row.id, { abort, done });
      }
    }
    this.#timer = setTimeout(() => this.#tick(), this.#pollIntervalMs);
    this.#timer.unref();
  }

  async #deliver(row: OutboxRow, stopSignal: AbortSignal): Promise<void> {
    const config = this.#configs.get(row.app_id, row.business_id);
    const attempt = row.attempts + 1;
    if (!config) {
      this.#finish(row, 'dropped', attempt, '', undefined, 'the callback subscription was deleted', 0);
      return;
    }
    const fields = {
      EventType: row.event_type,
      EventData: row.event_data,
      EventTime: row.event_time,
      EventId: row.event_id,
      AppId: row.app_id,
      Version: CALLBACK_VERSION,
      Nonce: row.nonce,
    };
    const body = JSON.stringify({ ...fields, Signature: signCallback(fields, config.secretKey) });
    const started = performance.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([stopSignal, AbortSignal.timeout(this.#timeoutMs)]),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (e) {
      if (stopSignal.aborted) return;
      error = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${this.#timeoutMs} ms` : describe(e);
    }
    const durationMs = Math.round(performance.now() - started);
    if (status === 200) {
      this.#finish(row, 'delivered', attempt, config.url, status, undefined, durationMs);
    } else {
      error ??= `HTTP ${status}`;
      const outcome = attempt > this.#maxRetries ? 'failed' : 'retry';
      this.#finish(row, outcome, attempt, config.url, status, error, durationMs);
    }
  }

  #finish(
    row: OutboxRow,
    outcome: 'delivered' | 'failed' | 'dropped' | 'retry',
    attempt: number,
    url: string,
    httpStatus: number | undefined,
    error: string | undefined,
    durationMs: number,
  ): void {
    const now = this.#now();
    this.#db.transaction(() => {
      if (outcome === 'retry') {
        const delay = this.#retryBaseMs * 2 ** (attempt - 1);
        this.#retryLater.run(attempt, now + delay, row.id);
      } else {
        this.#close.run(attempt, outcome, now, row.id);
      }
      this.#log.run(
        row.id,
        row.event_id,
        row.app_id,
        row.event_type,
        url,
        attempt,
        httpStatus ?? null,
        error ?? null,
        durationMs,
        outcome,
        now,
      );
    })();
    if (outcome !== 'delivered') {
      this.#logger?.warn({ eventId: row.event_id, attempt, httpStatus, error, outcome }, 'callback not delivered');
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
    return code ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}
