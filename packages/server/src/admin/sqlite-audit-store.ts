import type { Database } from '../store/database.js';
import { PreparedStatements } from '../store/prepared-statements.js';
import { VALUES_PER_ROW, type AuditValues } from './audit-rows.js';
import type { AuditEntry, AuditFilter, AuditStore } from './audit-store.js';

interface AuditRow {
  request_id: string;
  account_id: string | null;
  user_id: string | null;
  access_key_id: string | null;
  action: string | null;
  version: string | null;
  code: string;
  http_status: number;
  latency_ms: number;
  at_ms: number;
}

const COLUMNS = 'request_id, account_id, user_id, access_key_id, action, version, code, http_status, latency_ms, at_ms';
/** Rows per multi-row INSERT: each statement run binds this many rows at once (fewer runs, far less binding work). */
export const ROWS_PER_INSERT = 64;

function insertSql(rows: number): string {
  const row = `(${Array<string>(VALUES_PER_ROW).fill('?').join(', ')})`;
  return `INSERT INTO audit_log (${COLUMNS}) VALUES ${Array<string>(rows).fill(row).join(', ')}`;
}

type Args = Record<string, string | number>;

/**
 * The audit_log table of the server's SQLite database (`migrations.ts`). Used on the main thread by AuditLog and in
 * the worker thread (`audit-worker.ts`) on its own connection.
 */
export class SqliteAuditStore implements AuditStore {
  readonly #db: Database;
  readonly #commit: (values: AuditValues) => void;
  readonly #deleteBefore;
  readonly #filtered: PreparedStatements;

  constructor(db: Database) {
    this.#db = db;
    this.#filtered = new PreparedStatements(db);
    const insertOne = db.prepare(insertSql(1));
    const insertMany = db.prepare(insertSql(ROWS_PER_INSERT));
    const perInsert = VALUES_PER_ROW * ROWS_PER_INSERT;
    // One transaction a batch, ROWS_PER_INSERT rows per INSERT statement.
    this.#commit = db.transaction((values: AuditValues) => {
      let i = 0;
      for (; i + perInsert <= values.length; i += perInsert) insertMany.run(values.slice(i, i + perInsert));
      for (; i < values.length; i += VALUES_PER_ROW) insertOne.run(values.slice(i, i + VALUES_PER_ROW));
    });
    this.#deleteBefore = db.prepare<[number]>('DELETE FROM audit_log WHERE at_ms < ?');
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  get workerFile(): string | undefined {
    return !this.#db.memory && this.#db.name !== '' ? this.#db.name : undefined;
  }

  insertRows(values: AuditValues): void {
    this.#commit(values);
  }

  query(filter: AuditFilter, page: { offset: number; limit: number }): { total: number; entries: AuditEntry[] } {
    const clauses: string[] = [];
    const args: Args = {};
    if (filter.accountId !== undefined) {
      clauses.push('account_id = @accountId');
      args.accountId = filter.accountId;
    }
    if (filter.action !== undefined) {
      clauses.push('action = @action');
      args.action = filter.action;
    }
    if (filter.code !== undefined) {
      clauses.push('code = @code');
      args.code = filter.code;
    }
    if (filter.from !== undefined) {
      clauses.push('at_ms >= @from');
      args.from = filter.from.getTime();
    }
    if (filter.to !== undefined) {
      clauses.push('at_ms < @to');
      args.to = filter.to.getTime();
    }
    const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
    const { total } = this.#filtered
      .get<Args, { total: number }>(`SELECT count(*) AS total FROM audit_log ${where}`)
      .get(args)!;
    const rows = this.#filtered
      .get<Args, AuditRow>(`SELECT * FROM audit_log ${where} ORDER BY at_ms DESC, seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...args, limit: page.limit, offset: page.offset });
    return { total, entries: rows.map(toEntry) };
  }

  deleteBefore(atMs: number): number {
    return this.#deleteBefore.run(atMs).changes;
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    requestId: row.request_id,
    ...(row.account_id === null ? {} : { accountId: row.account_id }),
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    ...(row.access_key_id === null ? {} : { accessKeyId: row.access_key_id }),
    ...(row.action === null ? {} : { action: row.action }),
    ...(row.version === null ? {} : { version: row.version }),
    code: row.code,
    httpStatus: row.http_status,
    latencyMs: row.latency_ms,
    at: new Date(row.at_ms),
  };
}
