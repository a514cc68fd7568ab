import type { Migration } from '../store/migration.js';

export const eventsMigrations: readonly Migration[] = [
  {
    id: 'events/001-callbacks',
    sql: `
      -- CreateCallback subscriptions. The secret column is emptied by events/002: secrets are sealed since.
      CREATE TABLE callback_configs (
        app_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        url TEXT NOT NULL,
        secret_key TEXT NOT NULL,
        event_list TEXT NOT NULL,
        region TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (app_id, business_id)
      );
      -- One row per (event, subscription), written in the transaction of the state change that caused the event.
      CREATE TABLE callback_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        event_data TEXT NOT NULL,
        event_time TEXT NOT NULL,
        nonce TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX callback_outbox_due ON callback_outbox (status, next_attempt_at);
      CREATE TABLE callback_delivery_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        outbox_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        app_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        url TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        http_status INTEGER,
        error TEXT,
        duration_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX callback_delivery_log_app ON callback_delivery_log (app_id, id);
      CREATE INDEX callback_delivery_log_event ON callback_delivery_log (event_id);
    `,
  },
  {
    id: 'events/002-callback-secret-sealed',
    sql: `
      -- The callback secret, sealed under the server's master key (AES-256-GCM, as access keys and AppKeys are).
      -- Rows written before it keep their secret in secret_key until CallbackConfigs seals them at start.
      ALTER TABLE callback_configs ADD COLUMN secret_ciphertext BLOB;
    `,
  },
  {
    id: 'events/003-callback-outbox-pending',
    sql: `
      -- A subscription's pending rows, oldest due first: the delivery worker serves subscriptions in turn and asks
      -- each for its next rows (events/delivery-scheduler.ts).
      CREATE INDEX callback_outbox_pending ON callback_outbox (app_id, business_id, next_attempt_at)
        WHERE status = 'pending';
    `,
  },
  {
    id: 'events/004-delivery-bodies',
    sql: `
      -- What each attempt posted (with its Signature) and the start of the receiver's answer (the console shows them
      -- and checks the signature); a redelivery's outbox row names the row it repeats.
      ALTER TABLE callback_delivery_log ADD COLUMN body TEXT;
      ALTER TABLE callback_delivery_log ADD COLUMN answer TEXT;
      ALTER TABLE callback_outbox ADD COLUMN redelivery_of INTEGER;
      CREATE INDEX callback_delivery_log_outbox ON callback_delivery_log (outbox_id);
      CREATE INDEX callback_outbox_event ON callback_outbox (event_id);
    `,
  },
];
