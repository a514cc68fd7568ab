import type { RequestLine } from '../observability/request-log.js';
import { VALUES_PER_ROW, type AuditRowValues, type AuditValues } from './audit-rows.js';
import type { AuditEntry, AuditFilter, AuditStore } from './audit-store.js';
import { AuditWriter } from './audit-writer.js';

export interface AuditQuery extends AuditFilter {
  offset?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface AuditLogOptions {
  store: AuditStore;
  /** Writes as soon as this many entries wait. */
  batchSize?: number;
  /** Writes what waits at least this often. */
  flushIntervalMs?: number;
  /** Entries kept in memory when writes fail; the oldest are dropped (and counted) beyond it. */
  maxPending?: number;
  /** Told about a failed write; the entries stay pending and are retried. */
  onError?: (error: unknown) => void;
  /** Entries older than this are deleted (checked at most hourly); 0 keeps everything. Default 30 days. */
  retentionDays?: number;
  now?: () => number;
  /**
   * `worker`: batches are committed by a worker thread with its own connection (the server's choice: no insert,
   * commit or WAL checkpoint on the event loop). `main` (default): on this thread, which suits the CLI, tests and
   * in-memory databases. A store without a file for the worker (`AuditStore.workerFile`: an in-memory database)
   * always uses `main`.
   */
  writer?: 'main' | 'worker';
}

const PRUNE_EVERY_MS = 3_600_000;

/**
 * The audit trail of API calls. `recordCall` is on every request's path, so it only appends to memory; batches are
 * written in one transaction from a timer or when a batch fills.
 */
export class AuditLog {
  readonly #store: AuditStore;
  readonly #batchSize: number;
  readonly #maxPending: number;
  readonly #onError: (error: unknown) => void;
  /** Takes a batch: commits it on this thread (`main`), or hands it to the worker. Throws only when a commit fails. */
  readonly #commit: (values: AuditValues) => void;
  readonly #writer: AuditWriter | undefined;
  /** Rows recorded and not yet written (or handed to the worker), flat: VALUES_PER_ROW values a row. */
  #pending: AuditValues = [];
  #timer: NodeJS.Timeout | undefined;
  #flushScheduled = false;
  #closed = false;
  readonly #retentionMs: number;
  readonly #now: () => number;
  #lastPruneAt = 0;
  /** Entries dropped because writes kept failing; exposed for metrics. */
  dropped = 0;

  constructor(options: AuditLogOptions) {
    this.#store = options.store;
    this.#batchSize = options.batchSize ?? 500;
    this.#maxPending = options.maxPending ?? 100_000;
    this.#onError = options.onError ?? (() => {});
    this.#retentionMs = Math.max(0, options.retentionDays ?? 30) * 86_400_000;
    this.#now = options.now ?? Date.now;
    const file = this.#store.workerFile;
    this.#writer =
      options.writer === 'worker' && file !== undefined
        ? new AuditWriter({ filename: file, maxPending: this.#maxPending, onError: this.#onError })
        : undefined;
    const writer = this.#writer;
    const store = this.#store;
    this.#commit = writer ? (values) => writer.write(values) : (values) => store.insertRows(values);
    this.#timer = setInterval(() => {
      this.flushNow();
      if (this.#retentionMs > 0 && this.#now() - this.#lastPruneAt >= PRUNE_EVERY_MS) this.prune();
    }, options.flushIntervalMs ?? 1_000);
    this.#timer.unref();
  }

  recordCall(entry: AuditEntry): void {
    this.#record(
      entry.requestId,
      entry.accountId ?? null,
      entry.userId ?? null,
      entry.accessKeyId ?? null,
      entry.action ?? null,
      entry.version ?? null,
      entry.code,
      entry.httpStatus,
      entry.latencyMs,
      entry.at.getTime(),
    );
  }

  /**
   * The gateway's way in: an answered call, from its request log line (`OK` is recorded as `Success`) and the moment
   * it was received. The same row as recordCall's, taken straight from the line: no entry object or Date per call.
   */
  recordRequest(line: RequestLine, receivedAtMs: number): void {
    this.#record(
      line.requestId,
      line.accountId ?? null,
      line.userId ?? null,
      line.accessKeyId ?? null,
      line.action,
      line.version,
      line.code === 'OK' ? 'Success' : line.code,
      line.status,
      line.latencyMs,
      receivedAtMs,
    );
  }

  /** Appends one row, its values in column order, to the pending batch. */
  #record(...row: AuditRowValues): void {
    if (this.#closed) return;
    this.#pending.push(...row);
    if (this.#pending.length > this.#maxPending * VALUES_PER_ROW) {
      this.#pending.splice(0, VALUES_PER_ROW);
      this.dropped += 1;
    }
    // A full batch is written on the next turn of the event loop, after the response that recorded it.
    if (this.#pending.length >= this.#batchSize * VALUES_PER_ROW && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        this.flushNow();
      });
    }
  }

  /** Entries recorded but not yet written (with the worker writer: not yet handed to it). */
  get pendingCount(): number {
    return this.#pending.length / VALUES_PER_ROW;
  }

  /**
   * Writes every pending entry now (with the worker writer: hands them over, and the worker commits them in order).
   * Returns how many.
   */
  flushNow(): number {
    if (this.#pending.length === 0 || !this.#store.isOpen) return 0;
    const batch = this.#pending;
    const rows = batch.length / VALUES_PER_ROW;
    this.#pending = [];
    try {
      this.#commit(batch);
      return rows;
    } catch (error) {
      this.#pending = batch.concat(this.#pending);
      this.#onError(error);
      return 0;
    }
  }

  /** Resolves once every entry recorded so far is committed (with the worker writer: by the worker). */
  async settled(): Promise<void> {
    this.flushNow();
    await this.#writer?.sync();
  }

  /** Calls matching every given filter, newest first. Pending entries are written first so a query sees them. */
  async query(filter: AuditQuery = {}): Promise<{ total: number; entries: AuditEntry[] }> {
    await this.settled();
    const { offset = 0, limit = 100, ...where } = filter;
    return this.#store.query(where, {
      offset: Math.max(offset, 0),
      limit: Math.min(Math.max(limit, 1), 1000),
    });
  }

  /** Deletes the entries older than the retention time. Returns how many. */
  prune(): number {
    if (this.#retentionMs === 0 || !this.#store.isOpen) return 0;
    this.#lastPruneAt = this.#now();
    try {
      return this.#store.deleteBefore(this.#lastPruneAt - this.#retentionMs);
    } catch (error) {
      this.#onError(error);
      return 0;
    }
  }

  /** Stops the timer and writes what is pending. Later calls to recordCall are ignored. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.flushNow();
    this.#writer?.close();
  }

  /** Entries dropped because writes kept failing (on this thread or in the worker); exposed for metrics. */
  get droppedCount(): number {
    return this.dropped + (this.#writer?.dropped ?? 0);
  }
}
