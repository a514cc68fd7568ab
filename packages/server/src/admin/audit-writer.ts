import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One audit row's values in column order (see COLUMNS). */
export type AuditRowValues = [
  requestId: string,
  accountId: string | null,
  userId: string | null,
  accessKeyId: string | null,
  action: string | null,
  version: string | null,
  code: string,
  httpStatus: number,
  latencyMs: number,
  atMs: number,
];

/** Pending rows are kept as one flat array, row after row: no object or array per call, one array to hand over. */
export type AuditValues = AuditRowValues[number][];

const COLUMNS = 'request_id, account_id, user_id, access_key_id, action, version, code, http_status, latency_ms, at_ms';
export const VALUES_PER_ROW = 10;
/** Rows per multi-row INSERT: each statement run binds this many rows at once (fewer runs, far less binding work). */
export const ROWS_PER_INSERT = 64;

function insertSql(rows: number): string {
  const row = `(${Array<string>(VALUES_PER_ROW).fill('?').join(', ')})`;
  return `INSERT INTO audit_log (${COLUMNS}) VALUES ${Array<string>(rows).fill(row).join(', ')}`;
}

export const INSERT_ONE_SQL = insertSql(1);
export const INSERT_MANY_SQL = insertSql(ROWS_PER_INSERT);

type ToWorker = { type: 'rows'; values: AuditValues } | { type: 'sync'; id: number } | { type: 'close' };
type FromWorker = { type: 'synced'; id: number } | { type: 'error'; message: string; dropped: number };

// Plain JavaScript run with `eval`, so the worker needs no TypeScript loader in development and no separate file in
// the build. It owns its own connection: inserts, their commits and WAL checkpoints never run on the event loop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const insertOne = db.prepare(workerData.insertOneSql);
const insertMany = db.prepare(workerData.insertManySql);
const perRow = workerData.valuesPerRow;
const perInsert = perRow * workerData.rowsPerInsert;
const writeAll = db.transaction((values) => {
  let i = 0;
  for (; i + perInsert <= values.length; i += perInsert) insertMany.run(values.slice(i, i + perInsert));
  for (; i < values.length; i += perRow) insertOne.run(values.slice(i, i + perRow));
});
let pending = [];
let dropped = 0;
function write() {
  if (pending.length === 0) return;
  try {
    writeAll(pending);
    pending = [];
  } catch (error) {
    // Kept and retried with the next batch; beyond the bound the oldest rows go (and are counted).
    const over = pending.length / perRow - workerData.maxPending;
    if (over > 0) { pending.splice(0, over * perRow); dropped += over; }
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error), dropped });
  }
}
const retry = setInterval(write, 1000);
parentPort.on('message', (message) => {
  if (message.type === 'rows') {
    pending = pending.length === 0 ? message.values : pending.concat(message.values);
    write();
  } else if (message.type === 'sync') {
    write();
    parentPort.postMessage({ type: 'synced', id: message.id });
  } else if (message.type === 'close') {
    clearInterval(retry);
    write();
    db.close();
    Atomics.store(workerData.done, 0, 1);
    Atomics.notify(workerData.done, 0);
    parentPort.close();
  }
});
`;

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
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        filename: options.filename,
        insertOneSql: INSERT_ONE_SQL,
        insertManySql: INSERT_MANY_SQL,
        valuesPerRow: VALUES_PER_ROW,
        rowsPerInsert: ROWS_PER_INSERT,
        maxPending: options.maxPending,
        done: this.#done,
      },
    });
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

  /** Hands rows over (flat, VALUES_PER_ROW values each); the array is copied, the caller may drop it. */
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
