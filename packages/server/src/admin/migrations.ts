import type { Migration } from '../store/migration.js';

export const adminMigrations: readonly Migration[] = [
  {
    id: 'admin/001-audit-log',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        account_id TEXT,
        user_id TEXT,
        access_key_id TEXT,
        action TEXT,
        version TEXT,
        code TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        at_ms INTEGER NOT NULL
      );
      CREATE INDEX audit_log_by_time ON audit_log (at_ms);
      CREATE INDEX audit_log_by_account ON audit_log (account_id, at_ms);
    `,
  },
];
