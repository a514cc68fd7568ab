import type { Awaitable } from '../awaitable.js';

/**
 * What the apps domain keeps, behind one interface so that another store (PostgreSQL) can stand in for SQLite
 * (`sqlite-app-store.ts`) without touching the service or a handler. Every method may answer with a promise. The
 * store checks what only it can check atomically (existence, uniqueness, the per-account limit) and throws
 * RecordError (`not-found`, `conflict`) naming the field; AppService checks its input first, opens the sealed
 * AppKeys and owns the caches.
 */
export interface AppStore {
  /**
   * Refuses an unknown account, an account that has `maxAppsPerAccount` apps already, and an `appId` given that is
   * taken; a drawn one is drawn again.
   */
  insertApp(app: NewApp): Awaitable<AppRecord>;
  /** The app with its sealed keys. */
  findApp(appId: string): Awaitable<SealedApp | undefined>;
  /** An account's apps (at most its limit), oldest first, without their keys. */
  appsOfAccount(accountId: string): Awaitable<AppRecord[]>;
  /** Every app (the admin's view), oldest first unless `newestFirst`, paged by the store. */
  allApps(paging: AppPaging): Awaitable<{ total: number; items: AppRecord[] }>;
  /** The sealed keys of the app with this row number; undefined when the row is gone. */
  sealedKeys(seq: number): Awaitable<SealedAppKeys | undefined>;
  /** The owner, or undefined when the app does not exist. */
  setAppStatus(appId: string, status: AppStatus): Awaitable<{ accountId: string } | undefined>;

  /** Refuses an unknown app, a business id the app has, and remarks another of its business ids has. */
  insertBusinessId(record: BusinessIdRecord): Awaitable<void>;
  /** Refuses an unknown app or business id. */
  deleteBusinessId(appId: string, businessId: string): Awaitable<void>;
  /** Refuses an unknown app or business id, and remarks another of the app's business ids has. */
  setBusinessRemarks(appId: string, businessId: string, remarks: string): Awaitable<void>;
  /** Oldest first; refuses an unknown app. */
  listBusinessIds(appId: string, paging: { offset: number; limit: number }): Awaitable<Page<BusinessIdRecord>>;
}

export type AppStatus = 'enabled' | 'disabled';

/** An app as stored, without its keys. */
export interface AppRecord {
  /** The row number: grows with each app and is never reused, so an app's keys can be cached by it. */
  seq: number;
  appId: string;
  /** The owning account. */
  accountId: string;
  name: string;
  status: AppStatus;
  /** ISO 8601. */
  createdAt: string;
}

/** AppKeys sealed by `secret-cipher.ts`, each bound to its AppId and role. */
export interface SealedAppKeys {
  appKey: Buffer;
  secondaryAppKey: Buffer;
}

export interface SealedApp extends AppRecord {
  sealedKeys: SealedAppKeys;
}

export interface NewApp {
  accountId: string;
  name: string;
  /** Given (the dev seed); otherwise `drawAppId` is called until it draws a free one. */
  appId?: string;
  drawAppId: () => string;
  /** The keys sealed for the app's id. */
  sealKeys: (appId: string) => SealedAppKeys;
  status: AppStatus;
  createdAt: string;
  maxAppsPerAccount: number;
}

export interface AppPaging {
  offset: number;
  limit: number;
  newestFirst?: boolean;
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
