import type { Migration } from '../store/migration.js';

export const appsMigrations: readonly Migration[] = [
  {
    id: 'apps/001-apps-business-ids',
    sql: `
      CREATE TABLE apps (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        app_id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        app_key_ciphertext BLOB NOT NULL,
        secondary_app_key_ciphertext BLOB NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX apps_by_account ON apps (account_id, seq);
      CREATE TABLE business_ids (
        app_id TEXT NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
        business_id TEXT NOT NULL,
        remarks TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (app_id, business_id),
        UNIQUE (app_id, remarks)
      );
    `,
  },
];
