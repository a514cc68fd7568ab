import type { Migration } from '../store/migration.js';

export const identityMigrations: readonly Migration[] = [
  {
    id: 'identity/001-accounts-users-keys',
    sql: `
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        rtc_enabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
        user_name TEXT NOT NULL,
        is_main INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (account_id, user_name)
      );
      CREATE UNIQUE INDEX users_one_main_per_account ON users (account_id) WHERE is_main = 1;
      CREATE TABLE access_keys (
        access_key_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
        secret_ciphertext BLOB NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX access_keys_by_user ON access_keys (user_id);
      CREATE TABLE policies (
        policy_id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
        action TEXT NOT NULL,
        app_ids TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX policies_by_user ON policies (user_id);
      CREATE TABLE rate_limit_overrides (
        account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
        rate_group TEXT NOT NULL,
        qps REAL NOT NULL CHECK (qps > 0),
        PRIMARY KEY (account_id, rate_group)
      );
      CREATE TABLE master_key_check (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        ciphertext BLOB NOT NULL
      );
    `,
  },
  {
    // Temporary (STS) keys: the same table, plus a hash of the session token and an expiry (ms since 1970).
    id: 'identity/002-temporary-keys',
    sql: `
      ALTER TABLE access_keys ADD COLUMN session_token_hash BLOB;
      ALTER TABLE access_keys ADD COLUMN expires_at INTEGER;
    `,
  },
];
