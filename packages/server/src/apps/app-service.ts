import { whenReady, type Awaitable } from '../awaitable.js';
import type { SecretCipher } from '../identity/secret-cipher.js';
import type { CacheRegistry } from '../store/cache-registry.js';
import { RecordError } from '../store/record-error.js';
import { TtlCache } from '../store/ttl-cache.js';
import { APP_ID_PATTERN, APP_KEY_PATTERN, generateAppId, generateAppKey } from './app-credentials.js';
import type { AppRecord, AppStatus, AppStore, BusinessIdRecord, Page, SealedAppKeys } from './app-store.js';

export type { AppStatus, BusinessIdRecord, Page } from './app-store.js';

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

/** Who owns an app: what the authorize stage hands the handler (identity's OwnedApp). */
export interface AppOwner {
  appId: string;
  accountId: string;
}

export interface AppServiceOptions {
  store: AppStore;
  cipher: SecretCipher;
  now?: () => Date;
  /** The catalog's limit per account (CreateApp: "Max 100 AppIds per account"). */
  maxAppsPerAccount?: number;
  /**
   * How long an app's facts and an account's app list stay cached. Changes made through this service drop them at
   * once; changes made by another process on the same data directory (the admin CLI) are seen within this time.
   * Default 5 s; 0 disables caching.
   */
  cacheMs?: number;
  /** Where `/metrics` finds the caches. */
  caches: CacheRegistry;
}

type OpenAppKeys = Pick<App, 'appKey' | 'secondaryAppKey'>;

/** One app's facts as cached: the app itself (frozen, its AppKeys open) and its owner, made once. */
interface AppFacts {
  seq: number;
  app: App;
  owner: AppOwner;
}

/**
 * Apps and their business ids, on an AppStore. AppKeys are sealed at rest like access key secrets and opened here.
 * The one cache of an app's facts by AppId (`apps.by_id`) answers the authorize stage's "who owns this app" on
 * every call with an AppId, the handlers' and presence's `getApp`; `apps.by_account` holds each account's list.
 */
export class AppService {
  readonly #store: AppStore;
  readonly #cipher: SecretCipher;
  readonly #now: () => Date;
  readonly maxAppsPerAccount: number;
  /**
   * Found apps only (an app created a moment ago by another process must not answer NotExistAppId). AppKeys open
   * here are secrets held in memory like identity's resolved keys; `/metrics` shows only the cache's counts.
   */
  readonly #byId: TtlCache<AppFacts>;
  readonly #loadById: (appId: string) => Awaitable<AppFacts | undefined>;
  /**
   * Each account's apps, oldest first, frozen: ListApps reads them on every call. In the running server the list
   * query cost several times what it costs in a loop of its own, as the SQLite code is cold between one request and
   * the next: the gateway bench's ListApps took 54 µs of CPU per request with the query and 42 µs with this cache,
   * while its stage table, running the query hot, gives the whole handler 4-5 µs.
   */
  readonly #byAccount: TtlCache<readonly App[]>;
  readonly #loadByAccount: (accountId: string) => Awaitable<readonly App[]>;

  constructor(options: AppServiceOptions) {
    this.#store = options.store;
    this.#cipher = options.cipher;
    this.#now = options.now ?? (() => new Date());
    this.maxAppsPerAccount = options.maxAppsPerAccount ?? 100;
    const ttlMs = options.cacheMs ?? 5_000;
    const registry = options.caches;
    this.#byId = new TtlCache({ name: 'apps.by_id', ttlMs, maxEntries: 50_000, registry });
    // At most 1,000 accounts' lists (each up to maxAppsPerAccount apps, the same objects as in #byId).
    this.#byAccount = new TtlCache({ name: 'apps.by_account', ttlMs, maxEntries: 1_000, registry });
    this.#loadById = (appId) =>
      whenReady(
        this.#store.findApp(appId),
        (found) => found && this.#remember(found, this.#openKeys(found.appId, found.sealedKeys)),
      );
    this.#loadByAccount = (accountId) =>
      whenReady(this.#store.appsOfAccount(accountId), (records) =>
        whenReady(this.#open(records), (apps) => Object.freeze(apps)),
      );
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
    const appKey = input.appKey ?? generateAppKey();
    const secondaryAppKey = generateAppKey();
    const record = await this.#store.insertApp({
      accountId,
      name,
      ...(input.appId !== undefined && { appId: input.appId }),
      drawAppId: generateAppId,
      sealKeys: (appId) => ({
        appKey: this.#cipher.encrypt(appKey, `app:${appId}:primary`),
        secondaryAppKey: this.#cipher.encrypt(secondaryAppKey, `app:${appId}:secondary`),
      }),
      status: 'enabled',
      createdAt: this.#now().toISOString(),
      maxAppsPerAccount: this.maxAppsPerAccount,
    });
    this.#byId.delete(record.appId);
    this.#byAccount.delete(accountId);
    return toApp(record, { appKey, secondaryAppKey });
  }

  /** The app with its keys and owner, or undefined when the AppId is unknown; cached (`apps.by_id`). */
  getApp(appId: string): Awaitable<App | undefined> {
    return whenReady(this.#byId.getOrLoad(appId, this.#loadById), appOf);
  }

  /** Who owns the app, from the same cache: the authorize stage asks on every call naming an AppId. */
  getAppOwner(appId: string): Awaitable<AppOwner | undefined> {
    return whenReady(this.#byId.getOrLoad(appId, this.#loadById), ownerOf);
  }

  /** An account's apps (or every app when accountId is undefined), oldest first unless newestFirst. */
  async listApps(
    accountId: string | undefined,
    paging: { offset: number; limit: number; newestFirst?: boolean },
  ): Promise<Page<App>> {
    if (accountId !== undefined) {
      const all = await this.#byAccount.getOrLoad(accountId, this.#loadByAccount);
      const ordered = paging.newestFirst ? all.toReversed() : all;
      return { total: all.length, items: ordered.slice(paging.offset, paging.offset + paging.limit) };
    }
    const page = await this.#store.allApps(paging);
    return { total: page.total, items: await this.#open(page.items) };
  }

  async setAppStatus(appId: string, status: AppStatus): Promise<App> {
    const owner = await this.#store.setAppStatus(appId, status);
    this.#byId.delete(appId);
    if (!owner) throw new RecordError('not-found', `AppId ${appId} does not exist`, 'appId');
    this.#byAccount.delete(owner.accountId);
    return (await this.getApp(appId))!;
  }

  async addBusinessId(appId: string, businessId: string, remarks: string): Promise<BusinessIdRecord> {
    const record: BusinessIdRecord = { appId, businessId, remarks, createdAt: this.#now().toISOString() };
    await this.#store.insertBusinessId(record);
    return record;
  }

  async deleteBusinessId(appId: string, businessId: string): Promise<void> {
    await this.#store.deleteBusinessId(appId, businessId);
  }

  async modifyBusinessRemarks(appId: string, businessId: string, remarks: string): Promise<void> {
    await this.#store.setBusinessRemarks(appId, businessId, remarks);
  }

  /** An app's business ids, oldest first. */
  async listBusinessIds(appId: string, paging: { offset: number; limit: number }): Promise<Page<BusinessIdRecord>> {
    return this.#store.listBusinessIds(appId, paging);
  }

  /**
   * Listed apps with their keys: an app whose facts are cached under the same row number keeps its open keys (they
   * are written once, with the row), the others' are read and opened. Rows listed a moment ago whose app another
   * process has since deleted are left out.
   */
  #open(records: readonly AppRecord[]): Awaitable<App[]> {
    const facts = records.map((record) => {
      const cached = this.#byId.get(record.appId);
      if (cached?.seq === record.seq) return this.#remember(record, cached.app);
      return whenReady(
        this.#store.sealedKeys(record.seq),
        (sealed) => sealed && this.#remember(record, this.#openKeys(record.appId, sealed)),
      );
    });
    return whenReady(allOf(facts), (all) => all.flatMap((found) => (found ? [found.app] : [])));
  }

  /** The facts of a freshly read record and its open keys, kept in `apps.by_id`. */
  #remember(record: AppRecord, keys: OpenAppKeys): AppFacts {
    const app = Object.freeze(toApp(record, keys));
    const facts: AppFacts = {
      seq: record.seq,
      app,
      owner: Object.freeze({ appId: app.appId, accountId: app.accountId }),
    };
    this.#byId.set(record.appId, facts);
    return facts;
  }

  #openKeys(appId: string, sealed: SealedAppKeys): OpenAppKeys {
    return {
      appKey: this.#cipher.decrypt(sealed.appKey, `app:${appId}:primary`),
      secondaryAppKey: this.#cipher.decrypt(sealed.secondaryAppKey, `app:${appId}:secondary`),
    };
  }
}

function toApp(record: AppRecord, keys: OpenAppKeys): App {
  return {
    appId: record.appId,
    accountId: record.accountId,
    name: record.name,
    appKey: keys.appKey,
    secondaryAppKey: keys.secondaryAppKey,
    status: record.status,
    createdAt: record.createdAt,
  };
}

// Made once: the cached paths call them on every request.
const appOf = (facts: AppFacts | undefined) => facts?.app;
const ownerOf = (facts: AppFacts | undefined) => facts?.owner;

/** Every value, at once when none had to wait. */
function allOf<T>(values: readonly Awaitable<T>[]): Awaitable<T[]> {
  return values.some((value) => value instanceof Promise) ? Promise.all(values) : (values as T[]);
}
