import type { Database } from '../store/database.js';

export interface CallbackConfig {
  appId: string;
  businessId: string;
  accountId: string;
  url: string;
  /** Signs the callbacks; a secret: never log it. */
  secretKey: string;
  eventList: string[];
  region: string;
  createdAt: string;
  updatedAt: string;
}

interface ConfigRow {
  app_id: string;
  business_id: string;
  account_id: string;
  url: string;
  secret_key: string;
  event_list: string;
  region: string;
  created_at: string;
  updated_at: string;
}

function toConfig(row: ConfigRow): CallbackConfig {
  return {
    appId: row.app_id,
    businessId: row.business_id,
    accountId: row.account_id,
    url: row.url,
    secretKey: row.secret_key,
    eventList: JSON.parse(row.event_list) as string[],
    region: row.region,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Callback subscriptions, one per (AppId, BusinessId). */
export class CallbackConfigs {
  readonly #byApp;
  readonly #one;
  readonly #insert;
  readonly #update;
  readonly #deleteAll;
  readonly #deleteOne;

  constructor(db: Database) {
    this.#byApp = db.prepare<[string], ConfigRow>(
      'SELECT * FROM callback_configs WHERE app_id = ? ORDER BY created_at, business_id',
    );
    this.#one = db.prepare<[string, string], ConfigRow>(
      'SELECT * FROM callback_configs WHERE app_id = ? AND business_id = ?',
    );
    this.#insert = db.prepare<[string, string, string, string, string, string, string, string, string]>(
      `INSERT INTO callback_configs (app_id, business_id, account_id, url, secret_key, event_list, region,
        created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#update = db.prepare<[string, string, string, string, string, string]>(
      `UPDATE callback_configs SET url = ?, secret_key = ?, event_list = ?, updated_at = ?
        WHERE app_id = ? AND business_id = ?`,
    );
    this.#deleteAll = db.prepare<[string]>('DELETE FROM callback_configs WHERE app_id = ?');
    this.#deleteOne = db.prepare<[string, string]>('DELETE FROM callback_configs WHERE app_id = ? AND business_id = ?');
  }

  list(appId: string): CallbackConfig[] {
    return this.#byApp.all(appId).map(toConfig);
  }

  get(appId: string, businessId: string): CallbackConfig | undefined {
    const row = this.#one.get(appId, businessId);
    return row && toConfig(row);
  }

  /** False when a subscription for (appId, businessId) already exists. */
  create(config: Omit<CallbackConfig, 'createdAt' | 'updatedAt'>, now: Date): boolean {
    const at = now.toISOString();
    const result = this.#insert.run(
      config.appId,
      config.businessId,
      config.accountId,
      config.url,
      config.secretKey,
      JSON.stringify(config.eventList),
      config.region,
      at,
      at,
    );
    return result.changes === 1;
  }

  /** False when there is no such subscription. */
  update(
    appId: string,
    businessId: string,
    change: { url: string; secretKey: string; eventList: string[] },
    now: Date,
  ): boolean {
    const result = this.#update.run(
      change.url,
      change.secretKey,
      JSON.stringify(change.eventList),
      now.toISOString(),
      appId,
      businessId,
    );
    return result.changes === 1;
  }

  /** Deletes one subscription, or all of an app's when businessId is undefined. Returns how many went. */
  delete(appId: string, businessId: string | undefined): number {
    const result = businessId === undefined ? this.#deleteAll.run(appId) : this.#deleteOne.run(appId, businessId);
    return result.changes;
  }
}
