import type { Database } from '../store/database.js';
import { RecordError } from '../store/record-error.js';
import type { SecretCipher } from '../identity/secret-cipher.js';
import { TtlCache } from '../store/ttl-cache.js';
import { APP_ID_PATTERN, APP_KEY_PATTERN, generateAppId, generateAppKey } from './app-credentials.js';

export type AppStatus = 'enabled' | 'disabled';

export interface App {
  appId: string;
  /** The owning account. */
  accountId: string;
  name: string;
  /** Signs room-join tokens. A secret: never log it. */
  appKey: string;
  secondaryAppKey: string;
  status: AppStatus;
  /** ISO 8601. */
  createdAt: string;
}

export interface BusinessIdRecord {
  appId: string;
  businessId: string;
  remarks: string;
  createdAt: string;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface AppServiceOptions {
  db: Database;
  cipher: SecretCipher;
  now?: () => Date;
  /** The catalog's limit per account (CreateApp: "Max 100 AppIds per account"). */
  maxAppsPerAccount?: number;
  /**
   * How long an account's app list stays cached. Changes made through this service drop it at once; changes made
   * by another process on the same data directory (the admin CLI) are seen within this time. Default 5 s; 0
   * disables caching.
   */
  listCacheMs?: number;
}

/** An app's row without its encrypted keys, which #keysOf reads only when it has not decrypted them already. */
interface AppRow {
  seq: number;
  app_id: string;
  account_id: string;
  name: string;
  status: AppStatus;
  created_at: string;
}

const APP_COLUMNS = 'seq, app_id, account_id, name, status, created_at';

interface BusinessIdRow {
  app_id: string;
  business_id: string;
  remarks: string;
  created_at: string;
}

/**
 * Apps and their business ids. Public methods return promises so that a PostgreSQL store can implement the same
 * surface; the SQLite work underneath is synchronous. AppKeys are encrypted at rest like access key secrets.
 */
export class AppService {
  readonly #db: Database;
  readonly #cipher: SecretCipher;
  readonly #now: () => Date;
  readonly maxAppsPerAccount: number;
  readonly #byId;
  readonly #ownerById;
  readonly #listStatements;
  readonly #keysBySeq;
  /**
   * Decrypted AppKeys by the app's row number: ListApps returns the keys of every app it lists, each decryption
   * sets up AES-GCM, and reading the two BLOBs with each row made the list query markedly dearer. An app's keys are
   * written once, with its row, and a row number is never reused (AUTOINCREMENT), so an entry can never be stale
   * and needs no invalidation. (Were keys ever rotated, the row would need a key version to cache by instead.)
   * Plaintext keys stay in memory like the identity cache's secrets do.
   */
  readonly #keys = new Map<number, { appKey: string; secondaryAppKey: string }>();
  /**
   * Each account's apps, oldest first, frozen: ListApps reads them on every call. In the running server the list
   * query cost several times what it costs in a loop of its own, as the SQLite code is cold between one request and
   * the next: the gateway bench's ListApps took 54 µs of CPU per request with the query and 42 µs with this cache,
   * while its stage table, running the query hot, gives the whole handler 4-5 µs.
   */
  readonly #accountApps: TtlCache<readonly App[]>;

  constructor(options: AppServiceOptions) {
    this.#db = options.db;
    this.#cipher = options.cipher;
    this.#now = options.now ?? (() => new Date());
    this.maxAppsPerAccount = options.maxAppsPerAccount ?? 100;
    // At most 1,000 accounts' lists (each up to maxAppsPerAccount apps, sharing their key strings with #keys).
    this.#accountApps = new TtlCache(options.listCacheMs ?? 5_000, 1_000);
    this.#byId = this.#db.prepare<[string], AppRow>(`SELECT ${APP_COLUMNS} FROM apps WHERE app_id = ?`);
    this.#keysBySeq = this.#db.prepare<[number], { app_key_ciphertext: Buffer; secondary_app_key_ciphertext: Buffer }>(
      'SELECT app_key_ciphertext, secondary_app_key_ciphertext FROM apps WHERE seq = ?',
    );
    this.#ownerById = this.#db.prepare<[string], { account_id: string; status: AppStatus }>(
      'SELECT account_id, status FROM apps WHERE app_id = ?',
    );
    // Prepared once: preparing costs more than running these queries on an account's few apps.
    this.#listStatements = {
      // An account has at most maxAppsPerAccount apps: read them all and page in memory. Binding LIMIT/OFFSET costs
      // more in SQLite here than reading an account's few rows, and the count comes free.
      ofAccount: this.#db.prepare<[string], AppRow>(
        `SELECT ${APP_COLUMNS} FROM apps WHERE account_id = ? ORDER BY seq`,
      ),
      // Every app (the admin's view) is unbounded: paged by SQLite.
      total: this.#db.prepare<[], { total: number }>('SELECT count(*) AS total FROM apps'),
      allAsc: this.#db.prepare<[number, number], AppRow>(
        `SELECT ${APP_COLUMNS} FROM apps ORDER BY seq ASC LIMIT ? OFFSET ?`,
      ),
      allDesc: this.#db.prepare<[number, number], AppRow>(
        `SELECT ${APP_COLUMNS} FROM apps ORDER BY seq DESC LIMIT ? OFFSET ?`,
      ),
    };
  }

  /** Creates an app for an account. `appId`/`appKey` may be given (the dev seed does); otherwise generated. */
  async createApp(accountId: string, input: { name: string; appId?: string; appKey?: string }): Promise<App> {
    const name = input.name.trim();
    if (name === '' || [...name].length > 24) {
      throw new RecordError('invalid', 'the app name must be 1 to 24 characters', 'name');
    }
    if (input.appId !== undefined && !APP_ID_PATTERN.test(input.appId)) {
      throw new RecordError('invalid', 'an AppId must be 24 lowercase hex characters', 'appId');
    }
    if (input.appKey !== undefined && !APP_KEY_PATTERN.test(input.appKey)) {
      throw new RecordError('invalid', 'an AppKey must be 32 lowercase hex characters', 'appKey');
    }
    const create = this.#db.transaction((): App => {
      const account = this.#db.prepare('SELECT 1 FROM accounts WHERE account_id = ?').get(accountId);
      if (!account) throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
      const { count } = this.#db
        .prepare<[string], { count: number }>('SELECT count(*) AS count FROM apps WHERE account_id = ?')
        .get(accountId)!;
      if (count >= this.maxAppsPerAccount) {
        throw new RecordError(
          'conflict',
          `account ${accountId} already has ${count} apps, the most allowed (${this.maxAppsPerAccount})`,
        );
      }
      let appId = input.appId ?? generateAppId();
      if (this.#byId.get(appId)) {
        if (input.appId !== undefined) throw new RecordError('conflict', `AppId ${appId} already exists`, 'appId');
        appId = generateAppId();
      }
      const app: App = {
        appId,
        accountId,
        name,
        appKey: input.appKey ?? generateAppKey(),
        secondaryAppKey: generateAppKey(),
        status: 'enabled',
        createdAt: this.#now().toISOString(),
      };
      this.#db
        .prepare(
          `INSERT INTO apps (app_id, account_id, name, app_key_ciphertext, secondary_app_key_ciphertext, status,
            created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          app.appId,
          accountId,
          app.name,
          this.#cipher.encrypt(app.appKey, `app:${app.appId}:primary`),
          this.#cipher.encrypt(app.secondaryAppKey, `app:${app.appId}:secondary`),
          app.status,
          app.createdAt,
        );
      return app;
    });
    const app = create.immediate();
    this.#accountApps.delete(accountId);
    return app;
  }

  /** The app with its keys and owner, or undefined when the AppId is unknown. */
  async getApp(appId: string): Promise<App | undefined> {
    const row = this.#byId.get(appId);
    return row && this.#toApp(row);
  }

  /** Owner only, without decrypting keys: what authorization needs on every request. */
  getAppOwner(appId: string): { accountId: string; status: AppStatus } | undefined {
    const row = this.#ownerById.get(appId);
    return row && { accountId: row.account_id, status: row.status };
  }

  /** An account's apps (or every app when accountId is undefined), oldest first unless newestFirst. */
  async listApps(
    accountId: string | undefined,
    paging: { offset: number; limit: number; newestFirst?: boolean },
  ): Promise<Page<App>> {
    const statements = this.#listStatements;
    if (accountId !== undefined) {
      const all = this.#appsOf(accountId);
      const ordered = paging.newestFirst ? all.toReversed() : all;
      return { total: all.length, items: ordered.slice(paging.offset, paging.offset + paging.limit) };
    }
    const { total } = statements.total.get()!;
    const rows = (paging.newestFirst ? statements.allDesc : statements.allAsc).all(paging.limit, paging.offset);
    return { total, items: this.#toApps(rows) };
  }

  async setAppStatus(appId: string, status: AppStatus): Promise<App> {
    const owner = this.#db
      .prepare<[AppStatus, string], { account_id: string }>(
        'UPDATE apps SET status = ? WHERE app_id = ? RETURNING account_id',
      )
      .get(status, appId);
    if (!owner) throw new RecordError('not-found', `AppId ${appId} does not exist`, 'appId');
    this.#accountApps.delete(owner.account_id);
    return (await this.getApp(appId))!;
  }

  async addBusinessId(appId: string, businessId: string, remarks: string): Promise<BusinessIdRecord> {
    const record: BusinessIdRecord = { appId, businessId, remarks, createdAt: this.#now().toISOString() };
    const add = this.#db.transaction(() => {
      this.#requireApp(appId);
      const existing = this.#db
        .prepare<[string, string, string], BusinessIdRow>(
          'SELECT * FROM business_ids WHERE app_id = ? AND (business_id = ? OR remarks = ?)',
        )
        .all(appId, businessId, remarks);
      if (existing.some((row) => row.business_id === businessId)) {
        throw new RecordError('conflict', `BusinessId ${businessId} already exists in this app`, 'BusinessId');
      }
      if (existing.length > 0) {
        throw new RecordError('conflict', `Remarks ${remarks} is already used by another BusinessId`, 'Remarks');
      }
      this.#db
        .prepare('INSERT INTO business_ids (app_id, business_id, remarks, created_at) VALUES (?, ?, ?, ?)')
        .run(appId, businessId, remarks, record.createdAt);
    });
    add.immediate();
    return record;
  }

  async deleteBusinessId(appId: string, businessId: string): Promise<void> {
    this.#requireApp(appId);
    const result = this.#db
      .prepare('DELETE FROM business_ids WHERE app_id = ? AND business_id = ?')
      .run(appId, businessId);
    if (result.changes === 0) {
      throw new RecordError('not-found', `BusinessId ${businessId} does not exist in this app`, 'BusinessId');
    }
  }

  async modifyBusinessRemarks(appId: string, businessId: string, remarks: string): Promise<void> {
    const modify = this.#db.transaction(() => {
      this.#requireApp(appId);
      const clash = this.#db
        .prepare('SELECT 1 FROM business_ids WHERE app_id = ? AND remarks = ? AND business_id <> ?')
        .get(appId, remarks, businessId);
      if (clash)
        throw new RecordError('conflict', `Remarks ${remarks} is already used by another BusinessId`, 'Remarks');
      const result = this.#db
        .prepare('UPDATE business_ids SET remarks = ? WHERE app_id = ? AND business_id = ?')
        .run(remarks, appId, businessId);
      if (result.changes === 0) {
        throw new RecordError('not-found', `BusinessId ${businessId} does not exist in this app`, 'BusinessId');
      }
    });
    modify.immediate();
  }

  /** An app's business ids, oldest first. */
  async listBusinessIds(appId: string, paging: { offset: number; limit: number }): Promise<Page<BusinessIdRecord>> {
    this.#requireApp(appId);
    const { total } = this.#db
      .prepare<[string], { total: number }>('SELECT count(*) AS total FROM business_ids WHERE app_id = ?')
      .get(appId)!;
    const rows = this.#db
      .prepare<[string, number, number], BusinessIdRow>(
        'SELECT * FROM business_ids WHERE app_id = ? ORDER BY created_at, rowid LIMIT ? OFFSET ?',
      )
      .all(appId, paging.limit, paging.offset);
    return {
      total,
      items: rows.map((row) => ({
        appId: row.app_id,
        businessId: row.business_id,
        remarks: row.remarks,
        createdAt: row.created_at,
      })),
    };
  }

  #requireApp(appId: string): void {
    if (!this.#byId.get(appId)) throw new RecordError('not-found', `AppId ${appId} does not exist`, 'AppId');
  }

  /** An account's apps (at most maxAppsPerAccount, so read whole and paged in memory), from the cache when there. */
  #appsOf(accountId: string): readonly App[] {
    const cached = this.#accountApps.get(accountId);
    if (cached !== undefined) return cached;
    const apps = Object.freeze(
      this.#toApps(this.#listStatements.ofAccount.all(accountId)).map((app) => Object.freeze(app)),
    );
    this.#accountApps.set(accountId, apps);
    return apps;
  }

  /** Rows listed a moment ago whose app another process has since deleted are left out. */
  #toApps(rows: readonly AppRow[]): App[] {
    const apps: App[] = [];
    for (const row of rows) {
      const app = this.#toApp(row);
      if (app) apps.push(app);
    }
    return apps;
  }

  /** Undefined when the row is gone by the time its keys are read (deleted by another process in between). */
  #toApp(row: AppRow): App | undefined {
    const keys = this.#keysOf(row);
    if (!keys) return undefined;
    return {
      appId: row.app_id,
      accountId: row.account_id,
      name: row.name,
      appKey: keys.appKey,
      secondaryAppKey: keys.secondaryAppKey,
      status: row.status,
      createdAt: row.created_at,
    };
  }

  #keysOf(row: AppRow): { appKey: string; secondaryAppKey: string } | undefined {
    const known = this.#keys.get(row.seq);
    if (known) return known;
    const sealed = this.#keysBySeq.get(row.seq);
    if (!sealed) return undefined;
    const keys = {
      appKey: this.#cipher.decrypt(sealed.app_key_ciphertext, `app:${row.app_id}:primary`),
      secondaryAppKey: this.#cipher.decrypt(sealed.secondary_app_key_ciphertext, `app:${row.app_id}:secondary`),
    };
    // Bounded like the identity caches: only a flood of distinct apps reaches it, and clearing is cheap.
    if (this.#keys.size >= 10_000) this.#keys.clear();
    this.#keys.set(row.seq, keys);
    return keys;
  }
}
