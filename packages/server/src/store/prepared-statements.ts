import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database.js';

/**
 * Prepares each SQL text once on a connection. For queries whose WHERE clause is assembled from optional filters:
 * the texts must be built from fixed fragments only (values are always bound, never spliced in), so there are at
 * most as many statements as combinations of fragments, and preparing (parsing and planning: tens of microseconds)
 * is paid once per text instead of once per call.
 */
export class PreparedStatements {
  readonly #db: Database;
  readonly #byText = new Map<string, BetterSqlite3.Statement>();

  constructor(db: Database) {
    this.#db = db;
  }

  get<P extends unknown[] | object = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> {
    let statement = this.#byText.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#byText.set(sql, statement);
    }
    return statement as unknown as BetterSqlite3.Statement<P, R>;
  }
}
