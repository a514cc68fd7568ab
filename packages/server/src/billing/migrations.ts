import type { Migration } from '../store/migration.js';

/**
 * Resource packages an operator gives an account (admin API, CLI): a number of minutes usable from `starts_at`
 * until `expires_at` (unix ms), with the package's catalogue fields. What is used of them is not stored: it is drawn
 * from the usage figures (ListUsages) each time it is asked.
 */
export const billingMigrations: readonly Migration[] = [
  {
    id: 'billing/001-resource-packages',
    sql: `
      CREATE TABLE resource_packages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
        configuration_code TEXT NOT NULL,
        zh_name TEXT NOT NULL,
        package_type INTEGER NOT NULL,
        price REAL NOT NULL,
        minutes INTEGER NOT NULL,
        effective_time_type INTEGER NOT NULL,
        validity_days INTEGER NOT NULL,
        validity_options TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX resource_packages_by_account ON resource_packages (account_id, expires_at);
    `,
  },
];
