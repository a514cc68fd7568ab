import { Worker } from 'node:worker_threads';
import type { AuditValues } from './audit-rows.js';

export type ToWorker = { type: 'rows'; values: AuditValues } | { type: 'sync'; id: number } | { type: 'close' };
export type FromWorker = { type: 'synced'; id: number } | { type: 'error'; message: string; dropped: number };

/** What the worker is started with. */
export interface AuditWorkerData {
  /** The database file; the worker opens its own connection to it. */
  filename: string;
  /** Rows the worker keeps while its writes fail; beyond it the oldest are dropped (and counted). */
  maxPending: number;
  /** Set to 1 by the worker once it has written what it holds and closed its connection. */
  done: Int32Array;
}

/**
 * The worker's entry, `audit-worker.ts`, loaded from a file next to this module. From the built package that is
 * `dist/audit-worker.js` (tsup compiles the entry beside the bundle). From the sources, where this module is a `.ts`
 * file, it is `audit-worker-source.mjs`, which installs tsx's loader in the worker (tsx installs it in the main thread
 * only) and imports the entry.
 */
function workerEntry(): URL {
  const here = new URL(import.meta.url);
  return new URL(here.pathname.endsWith('.ts') ? './audit-worker-source.mjs' : './audit-worker.js', here);
}

export interface AuditWriterOptions {
  /** The database file (the main connection's `db.name`); the worker opens its own connection to it. */
  filename: string;
  maxPending: number;
  onError: (error: unknown) => void;
  /** How long `close` waits for the worker to write what it holds. */
  closeTimeoutMs?: number;
}

/**
 * Writes audit rows from a worker thread. `write` hands a batch over (a copy, no database work on this thread);
 * `sync` resolves once every batch handed over before it is committed; `close` blocks until the worker has written
 * everything and closed its connection, so that closing the services keeps the trail as the synchronous writer did.
 */
export class AuditWriter {
  readonly #worker: Worker;
  readonly #done = new Int32Array(new SharedArrayBuffer(4));
  readonly #syncs = new Map<number, () => void>();
  readonly #closeTimeoutMs: number;
  #nextSync = 0;
  #closed = false;
  #exited = false;
  /** Rows the worker dropped because its writes kept failing. */
  dropped = 0;

  constructor(options: AuditWriterOptions) {
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    const workerData: AuditWorkerData = {
      filename: options.filename,
      maxPending: options.maxPending,
      done: this.#done,
    };
    this.#worker = new Worker(workerEntry(), { workerData });
    // The trail must not keep a process alive; close() is what waits for it.
    this.#worker.unref();
    this.#worker.on('message', (message: FromWorker) => {
      if (message.type === 'synced') {
        this.#syncs.get(message.id)?.();
        this.#syncs.delete(message.id);
      } else {
        this.dropped = message.dropped;
        options.onError(new Error(`audit write failed: ${message.message}`));
      }
    });
    this.#worker.on('error', (error) => {
      options.onError(error);
      this.#releaseSyncs();
    });
    this.#worker.on('exit', () => {
      this.#exited = true;
      this.#releaseSyncs();
    });
  }

  /** Hands rows over (flat, a row's values after another's); the array is copied, the caller may drop it. */
  write(values: AuditValues): void {
    if (!this.#closed) this.#post({ type: 'rows', values });
  }

  /** Resolves when the rows written before it are committed (or the worker is gone). */
  sync(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const id = this.#nextSync++;
    return new Promise((resolve) => {
      this.#syncs.set(id, resolve);
      this.#post({ type: 'sync', id });
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#exited) return;
    this.#post({ type: 'close' });
    // Blocks this thread only at shutdown, while the worker commits its last batch (bounded, should it be stuck).
    Atomics.wait(this.#done, 0, 0, this.#closeTimeoutMs);
    void this.#worker.terminate();
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #releaseSyncs(): void {
    for (const resolve of this.#syncs.values()) resolve();
    this.#syncs.clear();
  }
}
