import type { AuditValues } from './audit-rows.js';

/** One API call as the gateway saw it. `code` is the error code, or `Success`. */
export interface AuditEntry {
  requestId: string;
  accountId?: string;
  userId?: string;
  accessKeyId?: string;
  action?: string;
  version?: string;
  code: string;
  httpStatus: number;
  latencyMs: number;
  at: Date;
}

export interface AuditFilter {
  accountId?: string;
  action?: string;
  code?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/**
 * Where the audit trail is kept, behind one interface so that another store (PostgreSQL) can stand in for SQLite
 * (`sqlite-audit-store.ts`) without touching AuditLog, the admin operations or a handler. AuditLog batches the rows
 * in memory and hands them over; the store only writes, reads and deletes them.
 */
export interface AuditStore {
  /** False once the database is closed: nothing is written or read any more. */
  readonly isOpen: boolean;
  /**
   * A database file that a worker thread can open its own connection to, so that commits leave the event loop
   * (`audit-worker.ts`); undefined when there is none (an in-memory database).
   */
  readonly workerFile: string | undefined;
  /** Commits rows (flat, VALUES_PER_ROW values a row) in one transaction; a failed batch is rolled back whole and thrown. */
  insertRows(values: AuditValues): void;
  /** Calls matching every given filter, newest first, and how many match in all. */
  query(filter: AuditFilter, page: { offset: number; limit: number }): { total: number; entries: AuditEntry[] };
  /** Deletes the calls recorded before `atMs` (unix ms). Returns how many. */
  deleteBefore(atMs: number): number;
}
