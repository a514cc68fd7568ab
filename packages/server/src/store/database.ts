import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './migration.js';
import { migrations as allMigrations } from './migrations.js';

export type Database = BetterSqlite3.Database;

export type OpenDatabaseOptions = ({ dataDir: string } | { filename: ':memory:' }) & {
  /** Defaults to every domain's migrations (`store/migrations.ts`). */
  migrations?: readonly Migration[];
};

/** The database file inside a data directory. */
export const DATABASE_FILE_NAME = 'rtc.sqlite';

/**
 * Opens (creating when needed) the server's SQLite database and brings its schema up to date.
 * WAL lets the admin CLI and a running server share the file; busy_timeout makes a writer wait for the other
 * instead of failing with SQLITE_BUSY.
 */
export function openDatabase(options: OpenDatabaseOptions): Database {
  let filename: string;
  if ('dataDir' in options) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    filename = join(options.dataDir, DATABASE_FILE_NAME);
    // Created owner-only before SQLite opens it; SQLite gives the -wal and -shm files the same mode.
    closeSync(openSync(filename, 'a', 0o600));
  } else {
    filename = ':memory:';
  }
  const db = new BetterSqlite3(filename);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    applyMigrations(db, options.migrations ?? allMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Closes the database; a no-op when it is already closed. */
export function closeDatabase(db: Database): void {
  if (db.open) db.close();
}

/** Applies, in order and each in its own transaction, the migrations not yet recorded. Returns the ids applied. */
export function applyMigrations(db: Database, migrations: readonly Migration[]): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    seen.add(m.id);
  }
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    // BEGIN IMMEDIATE: two processes starting on one data directory must not both apply the same step.
    db.transaction(() => {
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id);
      if (again) return;
      db.exec(m.sql);
      record.run(m.id, new Date().toISOString());
      done.push(m.id);
    }).immediate();
  }
  return done;
}
