import type { Logger } from 'pino';
import { postCallback, type PostOutcome } from '../events/callback-post.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { DeliveryOutcome, ModerationStore } from './moderation-store.js';

export interface ResultPosterOptions {
  /** An attempt succeeds on HTTP 200 with its whole answer within this time (as a console callback's: 5 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (as a console callback's: at most 2). */
  maxRetries?: number;
  /** Delay before retry n: retryBaseMs × 2^(n-1). */
  retryBaseMs?: number;
  /** A 200 answer's body may be at most this long. */
  maxAnswerBytes?: number;
  /** POSTs in flight at once; the others wait their turn. */
  concurrency?: number;
}

interface Job {
  id: number;
  url: string;
  body: string;
}

const CLOSED = 'the server closed before the result was delivered';

/**
 * POSTs detection results to the URL their task names, apart from the task: a receiver that fails, hangs or answers
 * slowly costs at most (1 + maxRetries) bounded attempts and never holds up the task's rounds, its stop or the
 * server's close. Each result's fate (pending, delivered, failed, with attempts, status and error) is written to
 * the moderation store as it goes. Error texts never hold the URL's password (callback-post.ts).
 */
export class ResultPoster {
  readonly #store: Pick<ModerationStore, 'recordDelivery'>;
  readonly #logger: Logger | undefined;
  readonly #fetch: OutboundFetch;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #maxAnswerBytes: number;
  readonly #concurrency: number;
  readonly #stop = new AbortController();
  readonly #waiting: Job[] = [];
  readonly #running = new Set<Promise<void>>();

  constructor(deps: {
    store: Pick<ModerationStore, 'recordDelivery'>;
    /** The operator's fetch policy applied to the receiver's address (default: plain fetch, for tests). */
    fetch?: OutboundFetch;
    logger?: Logger;
    options?: ResultPosterOptions;
  }) {
    this.#store = deps.store;
    this.#fetch = deps.fetch ?? ((url, init) => fetch(url, init));
    this.#logger = deps.logger;
    const o = deps.options ?? {};
    this.#timeoutMs = o.timeoutMs ?? 5000;
    this.#maxRetries = o.maxRetries ?? 2;
    this.#retryBaseMs = o.retryBaseMs ?? 1000;
    this.#maxAnswerBytes = o.maxAnswerBytes ?? 16 * 1024;
    this.#concurrency = o.concurrency ?? 16;
  }

  /** Queues the POST of result `id`; returns at once. */
  post(id: number, url: string, body: string): void {
    if (this.#stop.signal.aborted) {
      this.#record(id, { delivery: 'failed', attempts: 0, error: CLOSED });
      return;
    }
    this.#waiting.push({ id, url, body });
    this.#pump();
  }

  /** POSTs under way or waiting (tests check that none is left behind). */
  get pending(): number {
    return this.#running.size + this.#waiting.length;
  }

  /** Abandons what is waiting or under way (recorded as failed) and resolves once nothing runs. */
  async close(): Promise<void> {
    this.#stop.abort();
    for (const job of this.#waiting.splice(0)) this.#record(job.id, { delivery: 'failed', attempts: 0, error: CLOSED });
    await Promise.all([...this.#running]);
  }

  #pump(): void {
    while (this.#running.size < this.#concurrency && this.#waiting.length > 0) {
      const job = this.#waiting.shift()!;
      const run: Promise<void> = this.#deliver(job)
        .catch((error: unknown) => this.#logger?.error({ err: error, resultId: job.id }, 'detection result POST'))
        .finally(() => {
          this.#running.delete(run);
          this.#pump();
        });
      this.#running.add(run);
    }
  }

  async #deliver(job: Job): Promise<void> {
    const limits = { timeoutMs: this.#timeoutMs, maxAnswerBytes: this.#maxAnswerBytes };
    for (let attempt = 1; ; attempt++) {
      let outcome: PostOutcome;
      try {
        outcome = await postCallback(job.url, job.body, limits, this.#stop.signal, this.#fetch);
      } catch {
        // Only a close rejects: the attempt under way is not counted.
        this.#record(job.id, { delivery: 'failed', attempts: attempt - 1, error: CLOSED });
        return;
      }
      const answered = outcome.status === undefined ? {} : { httpStatus: outcome.status };
      if (outcome.error === undefined) {
        this.#record(job.id, { delivery: 'delivered', attempts: attempt, ...answered });
        return;
      }
      const last = { attempts: attempt, ...answered, error: outcome.error };
      if (attempt > this.#maxRetries) {
        this.#record(job.id, { delivery: 'failed', ...last });
        this.#logger?.warn({ resultId: job.id, ...last }, 'detection result not delivered');
        return;
      }
      this.#record(job.id, { delivery: 'pending', ...last });
      if (!(await this.#wait(this.#retryBaseMs * 2 ** (attempt - 1)))) {
        this.#record(job.id, { delivery: 'failed', ...last, error: `${outcome.error}; ${CLOSED}` });
        return;
      }
    }
  }

  /** Waits `ms`; false when the poster closed meanwhile. */
  #wait(ms: number): Promise<boolean> {
    const signal = this.#stop.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #record(id: number, outcome: DeliveryOutcome): void {
    try {
      this.#store.recordDelivery(id, outcome);
    } catch (error) {
      this.#logger?.error({ err: error, resultId: id }, 'recording a detection result delivery failed');
    }
  }
}
