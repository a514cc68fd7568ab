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
  {
    // A call's caller and answer (account, user, key, action, version, code, status) repeat from call to call: they
    // are stored once per distinct combination (a "shape") and each call row holds its id, so a call is four values
    // to bind and a short record to write instead of ten. `audit_log` becomes a view with the same columns, so
    // reading the trail is unchanged. The shape's id is not a declared foreign key: the writer resolves it in the
    // same transaction, and a declared key would be checked on every insert.
    id: 'admin/002-audit-shapes',
    sql: `
      CREATE TABLE audit_shape (
        id INTEGER PRIMARY KEY,
        shape_key TEXT NOT NULL UNIQUE,
        account_id TEXT,
        user_id TEXT,
        access_key_id TEXT,
        action TEXT,
        version TEXT,
        code TEXT NOT NULL,
        http_status INTEGER NOT NULL
      );
      CREATE INDEX audit_shape_by_account ON audit_shape (account_id);
      CREATE TABLE audit_call (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        shape_id INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        at_ms INTEGER NOT NULL
      );
      CREATE INDEX audit_call_by_time ON audit_call (at_ms);
      CREATE INDEX audit_call_by_shape ON audit_call (shape_id, at_ms);
      INSERT INTO audit_shape (shape_key, account_id, user_id, access_key_id, action, version, code, http_status)
        SELECT DISTINCT json_array(account_id, user_id, access_key_id, action, version, code, http_status),
          account_id, user_id, access_key_id, action, version, code, http_status
        FROM audit_log;
      INSERT INTO audit_call (seq, request_id, shape_id, latency_ms, at_ms)
        SELECT l.seq, l.request_id, s.id, l.latency_ms, l.at_ms
        FROM audit_log l JOIN audit_shape s ON s.shape_key =
          json_array(l.account_id, l.user_id, l.access_key_id, l.action, l.version, l.code, l.http_status)
        ORDER BY l.seq;
      DROP TABLE audit_log;
      CREATE VIEW audit_log AS
        SELECT c.seq, c.request_id, s.account_id, s.user_id, s.access_key_id, s.action, s.version, s.code,
          s.http_status, c.latency_ms, c.at_ms
        FROM audit_call c JOIN audit_shape s ON s.id = c.shape_id;
    `,
  },
  {
    // Back to one plain row per call: the shapes saved binding work only while one caller made the same call over and
    // over (issue 16). Every row the audit_log view showed becomes a row of the audit_log table again, with its seq;
    // the table's sequence continues from audit_call's (which counts pruned calls too), so a seq is never reused.
    id: 'admin/003-audit-log-plain',
    sql: `
      DROP VIEW audit_log;
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
      INSERT INTO audit_log (seq, request_id, account_id, user_id, access_key_id, action, version, code, http_status,
          latency_ms, at_ms)
        SELECT c.seq, c.request_id, s.account_id, s.user_id, s.access_key_id, s.action, s.version, s.code,
          s.http_status, c.latency_ms, c.at_ms
        FROM audit_call c JOIN audit_shape s ON s.id = c.shape_id
        ORDER BY c.seq;
      DELETE FROM sqlite_sequence WHERE name = 'audit_log';
      INSERT INTO sqlite_sequence (name, seq)
        SELECT 'audit_log', max(seq) FROM (
          SELECT seq FROM sqlite_sequence WHERE name = 'audit_call'
          UNION ALL SELECT max(seq) FROM audit_log
          UNION ALL SELECT 0
        );
      DROP TABLE audit_call;
      DROP TABLE audit_shape;
      CREATE INDEX audit_log_by_time ON audit_log (at_ms);
      CREATE INDEX audit_log_by_account ON audit_log (account_id, at_ms);
    `,
  },
];
