import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from '../store/database.js';

/** One audit row's values in the order of the audit_log view's columns (after seq). */
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

export const VALUES_PER_ROW = 10;
/** Calls per multi-row INSERT: each statement run binds this many calls at once (fewer runs, far less binding work). */
export const ROWS_PER_INSERT = 64;

/**
 * Makes the function that commits a batch of rows (flat, VALUES_PER_ROW values a row) in one transaction: each row's
 * caller and answer (values 1-7) become the id of their audit_shape row, created on first sight and then remembered,
 * and the calls go into audit_call ROWS_PER_INSERT at a time. Both writers use it: the AuditLog on the main thread,
 * and the worker, which runs this function's source text; so it names nothing from outside itself.
 */
export function auditRowWriter(db: Database, rowsPerInsert: number): (values: AuditValues) => void {
  const perRow = 10;
  const upsertShape = db.prepare<unknown[], { id: number }>(
    'INSERT INTO audit_shape (shape_key, account_id, user_id, access_key_id, action, version, code, http_status) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shape_key) DO UPDATE SET shape_key = excluded.shape_key RETURNING id',
  );
  const insertSql = (rows: number): string =>
    'INSERT INTO audit_call (request_id, shape_id, latency_ms, at_ms) VALUES ' +
    Array<string>(rows).fill('(?, ?, ?, ?)').join(', ');
  const insertOne = db.prepare(insertSql(1));
  const insertMany = db.prepare(insertSql(rowsPerInsert));
  // Shape ids by shape key (the JSON array of the seven values, as the migration's json_array writes it).
  let shapeIds = new Map<string, number>();
  const commit = db.transaction((values: AuditValues) => {
    const calls: AuditValues = [];
    let shapeId = 0;
    for (let i = 0; i < values.length; i += perRow) {
      // Under load one caller's calls come in runs: a row with the previous row's shape reuses its id.
      let same = i > 0;
      for (let v = 1; same && v <= 7; v++) same = values[i + v] === values[i + v - perRow];
      if (!same) {
        const shape = values.slice(i + 1, i + 8);
        const key = JSON.stringify(shape);
        const known = shapeIds.get(key);
        if (known !== undefined) {
          shapeId = known;
        } else {
          shapeId = upsertShape.get(key, ...shape)!.id;
          if (shapeIds.size >= 10_000) shapeIds = new Map();
          shapeIds.set(key, shapeId);
        }
      }
      calls.push(values[i]!, shapeId, values[i + 8]!, values[i + 9]!);
    }
    const perInsert = rowsPerInsert * 4;
    let i = 0;
    for (; i + perInsert <= calls.length; i += perInsert) insertMany.run(calls.slice(i, i + perInsert));
    for (; i < calls.length; i += 4) insertOne.run(calls.slice(i, i + 4));
  });
  return (values) => {
    try {
      commit(values);
    } catch (error) {
      // The transaction was rolled back, and with it any shape it created: remembered ids may name no row now.
      shapeIds = new Map();
      throw error;
    }
  };
}

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
// tsx (development) names nested functions with an __name helper; the built package has none. Either way it is fine.
const __name = (fn) => fn;
const writeAll = (${auditRowWriter.toString()})(db, workerData.rowsPerInsert);
const perRow = workerData.valuesPerRow;
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
