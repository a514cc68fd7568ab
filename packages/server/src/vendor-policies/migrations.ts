import type { Migration } from '../store/migration.js';

/**
 * Multi-vendor routing policies, per app: a vendor split of a room's traffic (one per app, business id and room) and
 * fail-recovery switches from a failing vendor line to another (one per app, room and failing vendor). Times are unix
 * ms. An app's policies go with it.
 */
export const vendorPolicyMigrations: readonly Migration[] = [
  {
    id: 'vendor-policies/001-policies',
    sql: `
      CREATE TABLE vendor_policies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        app_id TEXT NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
        business_id TEXT NOT NULL,
        room_id TEXT NOT NULL,
        vendor_proportion TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (app_id, business_id, room_id)
      );
      CREATE TABLE fail_recovery_policies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        app_id TEXT NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
        room_id TEXT NOT NULL,
        from_vendor TEXT NOT NULL,
        to_vendor TEXT NOT NULL,
        recovery_percentage INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (app_id, room_id, from_vendor)
      );
      CREATE INDEX fail_recovery_by_app ON fail_recovery_policies (app_id, room_id);
    `,
  },
];
