import type { Database } from '../store/database.js';
import { RecordError } from '../store/record-error.js';
import type {
  AppPaging,
  AppRecord,
  AppStatus,
  AppStore,
  BusinessIdRecord,
  NewApp,
  Page,
  SealedApp,
  SealedAppKeys,
} from './app-store.js';

/** An app's row without its encrypted keys: listing reads these, and the keys only when they are not cached. */
interface AppRow {
  seq: number;
  app_id: string;
  account_id: string;
  name: string;
  status: AppStatus;
  created_at: string;
}

interface SealedKeysRow {
  app_key_ciphertext: Buffer;
  secondary_app_key_ciphertext: Buffer;
}

interface BusinessIdRow {
  app_id: string;
  business_id: string;
  remarks: string;
  created_at: string;
}

const APP_COLUMNS = 'seq, app_id, account_id, name, status, created_at';
const KEY_COLUMNS = 'app_key_ciphertext, secondary_app_key_ciphertext';

/** The apps and business_ids tables of the server's SQLite database (`migrations.ts`), each statement prepared once. */
export class SqliteAppStore implements AppStore {
  readonly #db: Database;
  readonly #sql;

  constructor(db: Database) {
    this.#db = db;
    this.#sql = {
      accountExists: db.prepare<[string], 1>('SELECT 1 FROM accounts WHERE account_id = ?').pluck(),
      appCount: db.prepare<[string], number>('SELECT count(*) FROM apps WHERE account_id = ?').pluck(),
      appExists: db.prepare<[string], 1>('SELECT 1 FROM apps WHERE app_id = ?').pluck(),
      insertApp: db.prepare(
        `INSERT INTO apps (app_id, account_id, name, app_key_ciphertext, secondary_app_key_ciphertext, status,
          created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      ),
      app: db.prepare<[string], AppRow & SealedKeysRow>(
        `SELECT ${APP_COLUMNS}, ${KEY_COLUMNS} FROM apps WHERE app_id = ?`,
      ),
      keysBySeq: db.prepare<[number], SealedKeysRow>(`SELECT ${KEY_COLUMNS} FROM apps WHERE seq = ?`),
      // An account has at most maxAppsPerAccount apps: read them all and page in memory. Binding LIMIT/OFFSET costs
      // more in SQLite here than reading an account's few rows, and the count comes free.
      ofAccount: db.prepare<[string], AppRow>(`SELECT ${APP_COLUMNS} FROM apps WHERE account_id = ? ORDER BY seq`),
      // Every app (the admin's view) is unbounded: paged by SQLite.
      total: db.prepare<[], number>('SELECT count(*) FROM apps').pluck(),
      allAsc: db.prepare<[number, number], AppRow>(`SELECT ${APP_COLUMNS} FROM apps ORDER BY seq ASC LIMIT ? OFFSET ?`),
      allDesc: db.prepare<[number, number], AppRow>(
        `SELECT ${APP_COLUMNS} FROM apps ORDER BY seq DESC LIMIT ? OFFSET ?`,
      ),
      setStatus: db
        .prepare<[AppStatus, string], string>('UPDATE apps SET status = ? WHERE app_id = ? RETURNING account_id')
        .pluck(),
      businessIdClashes: db.prepare<[string, string, string], BusinessIdRow>(
        'SELECT * FROM business_ids WHERE app_id = ? AND (business_id = ? OR remarks = ?)',
      ),
      insertBusinessId: db.prepare(
        'INSERT INTO business_ids (app_id, business_id, remarks, created_at) VALUES (?, ?, ?, ?)',
      ),
      deleteBusinessId: db.prepare('DELETE FROM business_ids WHERE app_id = ? AND business_id = ?'),
      remarksTaken: db
        .prepare<[string, string, string], 1>(
          'SELECT 1 FROM business_ids WHERE app_id = ? AND remarks = ? AND business_id <> ?',
        )
        .pluck(),
      setRemarks: db.prepare('UPDATE business_ids SET remarks = ? WHERE app_id = ? AND business_id = ?'),
      businessIdCount: db.prepare<[string], number>('SELECT count(*) FROM business_ids WHERE app_id = ?').pluck(),
      businessIdPage: db.prepare<[string, number, number], BusinessIdRow>(
        'SELECT * FROM business_ids WHERE app_id = ? ORDER BY created_at, rowid LIMIT ? OFFSET ?',
      ),
    };
  }

  insertApp(app: NewApp): AppRecord {
    const insert = this.#db.transaction((): AppRecord => {
      if (!this.#sql.accountExists.get(app.accountId)) {
        throw new RecordError('not-found', `account ${app.accountId} does not exist`, 'accountId');
      }
      const count = this.#sql.appCount.get(app.accountId)!;
      if (count >= app.maxAppsPerAccount) {
        throw new RecordError(
          'conflict',
          `account ${app.accountId} already has ${count} apps, the most allowed (${app.maxAppsPerAccount})`,
        );
      }
      let appId = app.appId ?? app.drawAppId();
      if (app.appId !== undefined && this.#sql.appExists.get(appId)) {
        throw new RecordError('conflict', `AppId ${appId} already exists`, 'appId');
      }
      while (this.#sql.appExists.get(appId)) appId = app.drawAppId();
      const sealed = app.sealKeys(appId);
      const { seq } = this.#sql.insertApp.get(
        appId,
        app.accountId,
        app.name,
        sealed.appKey,
        sealed.secondaryAppKey,
        app.status,
        app.createdAt,
      ) as { seq: number };
      return { seq, appId, accountId: app.accountId, name: app.name, status: app.status, createdAt: app.createdAt };
    });
    return insert.immediate();
  }

  findApp(appId: string): SealedApp | undefined {
    const row = this.#sql.app.get(appId);
    return row && { ...toRecord(row), sealedKeys: toSealedKeys(row) };
  }

  appsOfAccount(accountId: string): AppRecord[] {
    return this.#sql.ofAccount.all(accountId).map(toRecord);
  }

  allApps(paging: AppPaging): { total: number; items: AppRecord[] } {
    const total = this.#sql.total.get()!;
    const page = paging.newestFirst ? this.#sql.allDesc : this.#sql.allAsc;
    return { total, items: page.all(paging.limit, paging.offset).map(toRecord) };
  }

  sealedKeys(seq: number): SealedAppKeys | undefined {
    const row = this.#sql.keysBySeq.get(seq);
    return row && toSealedKeys(row);
  }

  setAppStatus(appId: string, status: AppStatus): { accountId: string } | undefined {
    const accountId = this.#sql.setStatus.get(status, appId);
    return accountId === undefined ? undefined : { accountId };
  }

  insertBusinessId(record: BusinessIdRecord): void {
    const { appId, businessId, remarks } = record;
    const insert = this.#db.transaction(() => {
      this.#requireApp(appId);
      const clashes = this.#sql.businessIdClashes.all(appId, businessId, remarks);
      if (clashes.some((row) => row.business_id === businessId)) {
        throw new RecordError('conflict', `BusinessId ${businessId} already exists in this app`, 'BusinessId');
      }
      if (clashes.length > 0) {
        throw new RecordError('conflict', `Remarks ${remarks} is already used by another BusinessId`, 'Remarks');
      }
      this.#sql.insertBusinessId.run(appId, businessId, remarks, record.createdAt);
    });
    insert.immediate();
  }

  deleteBusinessId(appId: string, businessId: string): void {
    this.#requireApp(appId);
    if (this.#sql.deleteBusinessId.run(appId, businessId).changes === 0) {
      throw new RecordError('not-found', `BusinessId ${businessId} does not exist in this app`, 'BusinessId');
    }
  }

  setBusinessRemarks(appId: string, businessId: string, remarks: string): void {
    const modify = this.#db.transaction(() => {
      this.#requireApp(appId);
      if (this.#sql.remarksTaken.get(appId, remarks, businessId)) {
        throw new RecordError('conflict', `Remarks ${remarks} is already used by another BusinessId`, 'Remarks');
      }
      if (this.#sql.setRemarks.run(remarks, appId, businessId).changes === 0) {
        throw new RecordError('not-found', `BusinessId ${businessId} does not exist in this app`, 'BusinessId');
      }
    });
    modify.immediate();
  }

  listBusinessIds(appId: string, paging: { offset: number; limit: number }): Page<BusinessIdRecord> {
    this.#requireApp(appId);
    const total = this.#sql.businessIdCount.get(appId)!;
    const rows = this.#sql.businessIdPage.all(appId, paging.limit, paging.offset);
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
    if (!this.#sql.appExists.get(appId)) throw new RecordError('not-found', `AppId ${appId} does not exist`, 'AppId');
  }
}

function toRecord(row: AppRow): AppRecord {
  return {
    seq: row.seq,
    appId: row.app_id,
    accountId: row.account_id,
    name: row.name,
    status: row.status,
    createdAt: row.created_at,
  };
}

function toSealedKeys(row: SealedKeysRow): SealedAppKeys {
  return { appKey: row.app_key_ciphertext, secondaryAppKey: row.secondary_app_key_ciphertext };
}
