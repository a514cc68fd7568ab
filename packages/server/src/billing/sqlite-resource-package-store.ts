import type { Database } from '../store/database.js';
import { RecordError } from '../store/record-error.js';
import type { NewResourcePackage, ResourcePackage, ResourcePackageStore } from './resource-package-store.js';

interface Row {
  id: number;
  account_id: string;
  configuration_code: string;
  zh_name: string;
  package_type: number;
  price: number;
  minutes: number;
  effective_time_type: number;
  validity_days: number;
  validity_options: string;
  starts_at: number;
  expires_at: number;
  created_at: number;
}

const DAY_MS = 86_400_000;

const fromRow = (r: Row): ResourcePackage => ({
  id: r.id,
  accountId: r.account_id,
  configurationCode: r.configuration_code,
  zhName: r.zh_name,
  packageType: r.package_type,
  price: r.price,
  minutes: r.minutes,
  effectiveTimeType: r.effective_time_type,
  validityDays: r.validity_days,
  validityOptions: JSON.parse(r.validity_options) as number[],
  startsAt: r.starts_at,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
});

/** The resource_packages table (`migrations.ts`). */
export class SqliteResourcePackageStore implements ResourcePackageStore {
  readonly #sql;

  constructor(db: Database) {
    this.#sql = {
      accountExists: db.prepare<[string], 1>('SELECT 1 FROM accounts WHERE account_id = ?').pluck(),
      insert: db.prepare<Record<string, unknown>, Row>(
        `INSERT INTO resource_packages (account_id, configuration_code, zh_name, package_type, price, minutes,
          effective_time_type, validity_days, validity_options, starts_at, expires_at, created_at)
          VALUES (@accountId, @configurationCode, @zhName, @packageType, @price, @minutes, @effectiveTimeType,
          @validityDays, @validityOptions, @startsAt, @expiresAt, @createdAt) RETURNING *`,
      ),
      ofAccount: db.prepare<[string], Row>(
        'SELECT * FROM resource_packages WHERE account_id = ? ORDER BY expires_at, id',
      ),
      remove: db.prepare<[number]>('DELETE FROM resource_packages WHERE id = ?'),
    };
  }

  insert(p: NewResourcePackage): ResourcePackage {
    if (this.#sql.accountExists.get(p.accountId) === undefined) {
      throw new RecordError('not-found', `account ${p.accountId} does not exist`, 'accountId');
    }
    const row = this.#sql.insert.get({
      ...p,
      validityOptions: JSON.stringify(p.validityOptions),
      expiresAt: p.startsAt + p.validityDays * DAY_MS,
    })!;
    return fromRow(row);
  }

  ofAccount(accountId: string): ResourcePackage[] {
    return this.#sql.ofAccount.all(accountId).map(fromRow);
  }

  remove(id: number): void {
    if (this.#sql.remove.run(id).changes === 0) {
      throw new RecordError('not-found', `resource package ${id} does not exist`, 'packageId');
    }
  }
}
