import type { SecretCipher } from '../identity/secret-cipher.js';
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
  secret_ciphertext: Buffer;
  event_list: string;
  region: string;
  created_at: string;
  updated_at: string;
}

/** The associated data that binds a sealed secret to its subscription's row. */
function secretAssociatedData(appId: string, businessId: string): string {
  return `callback:${appId}:${businessId}`;
}

/**
 * Callback subscriptions, one per (AppId, BusinessId). The secret that signs an app's callbacks is stored sealed
 * under the master key and opened when read (GetCallback returns it; delivery signs with it).
 */
export class CallbackConfigs {
  readonly #cipher: SecretCipher;
  readonly #byApp;
  readonly #one;
  readonly #insert;
  readonly #update;
  readonly #deleteAll;
  readonly #deleteOne;

  constructor(db: Database, cipher: SecretCipher) {
    this.#cipher = cipher;
    this.#sealPlaintextSecrets(db);
    this.#byApp = db.prepare<[string], ConfigRow>(
      'SELECT * FROM callback_configs WHERE app_id = ? ORDER BY created_at, business_id',
    );
    this.#one = db.prepare<[string, string], ConfigRow>(
      'SELECT * FROM callback_configs WHERE app_id = ? AND business_id = ?',
    );
    this.#insert = db.prepare<[string, string, string, string, Buffer, string, string, string, string]>(
      `INSERT INTO callback_configs (app_id, business_id, account_id, url, secret_key, secret_ciphertext, event_list,
        region, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#update = db.prepare<[string, Buffer, string, string, string, string]>(
      `UPDATE callback_configs SET url = ?, secret_key = '', secret_ciphertext = ?, event_list = ?, updated_at = ?
        WHERE app_id = ? AND business_id = ?`,
    );
    this.#deleteAll = db.prepare<[string]>('DELETE FROM callback_configs WHERE app_id = ?');
    this.#deleteOne = db.prepare<[string, string]>('DELETE FROM callback_configs WHERE app_id = ? AND business_id = ?');
  }

  list(appId: string): CallbackConfig[] {
    return this.#byApp.all(appId).map((row) => this.#toConfig(row));
  }

  get(appId: string, businessId: string): CallbackConfig | undefined {
    const row = this.#one.get(appId, businessId);
    return row && this.#toConfig(row);
  }

  /** False when a subscription for (appId, businessId) already exists. */
  create(config: Omit<CallbackConfig, 'createdAt' | 'updatedAt'>, now: Date): boolean {
    const at = now.toISOString();
    const result = this.#insert.run(
      config.appId,
      config.businessId,
      config.accountId,
      config.url,
      this.#cipher.encrypt(config.secretKey, secretAssociatedData(config.appId, config.businessId)),
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
      this.#cipher.encrypt(change.secretKey, secretAssociatedData(appId, businessId)),
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

  #toConfig(row: ConfigRow): CallbackConfig {
    return {
      appId: row.app_id,
      businessId: row.business_id,
      accountId: row.account_id,
      url: row.url,
      secretKey: this.#cipher.decrypt(row.secret_ciphertext, secretAssociatedData(row.app_id, row.business_id)),
      eventList: JSON.parse(row.event_list) as string[],
      region: row.region,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** Seals the secrets of rows written before they were sealed (migration events/002), once, in one transaction. */
  #sealPlaintextSecrets(db: Database): void {
    const plain = db
      .prepare<[], { app_id: string; business_id: string; secret_key: string }>(
        'SELECT app_id, business_id, secret_key FROM callback_configs WHERE secret_ciphertext IS NULL',
      )
      .all();
    if (plain.length === 0) return;
    const seal = db.prepare<[Buffer, string, string]>(
      `UPDATE callback_configs SET secret_ciphertext = ?, secret_key = '' WHERE app_id = ? AND business_id = ?`,
    );
    db.transaction(() => {
      for (const row of plain) {
        const sealed = this.#cipher.encrypt(row.secret_key, secretAssociatedData(row.app_id, row.business_id));
        seal.run(sealed, row.app_id, row.business_id);
      }
    })();
  }
}
