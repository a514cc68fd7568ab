import type { Database } from '../store/database.js';

/** One audit row's values in the order of the audit_log table's columns (after seq). */
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

/**
 * Makes the function that commits a batch of rows (flat, VALUES_PER_ROW values a row) in one transaction, one row of
 * audit_log per call, ROWS_PER_INSERT rows per INSERT statement. Used on the main thread by AuditLog and in the worker
 * thread (`audit-worker.ts`) on its own connection. A failed batch is rolled back whole and the error thrown.
 */
export function auditRowWriter(db: Database): (values: AuditValues) => void {
  const insertOne = db.prepare(insertSql(1));
  const insertMany = db.prepare(insertSql(ROWS_PER_INSERT));
  const perInsert = VALUES_PER_ROW * ROWS_PER_INSERT;
  return db.transaction((values: AuditValues) => {
    let i = 0;
    for (; i + perInsert <= values.length; i += perInsert) insertMany.run(values.slice(i, i + perInsert));
    for (; i < values.length; i += VALUES_PER_ROW) insertOne.run(values.slice(i, i + VALUES_PER_ROW));
  });
}
