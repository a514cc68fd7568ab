import type { SecretCipher } from '../identity/secret-cipher.js';
import type { CallbackConfigStore, SealedCallbackConfig } from './event-store.js';

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

/** The associated data that binds a sealed secret to its subscription's row. */
function secretAssociatedData(appId: string, businessId: string): string {
  return `callback:${appId}:${businessId}`;
}

/**
 * Callback subscriptions, one per (AppId, BusinessId). The secret that signs an app's callbacks is stored sealed
 * under the master key and opened when read (GetCallback returns it; delivery signs with it).
 */
export class CallbackConfigs {
  readonly #store: CallbackConfigStore;
  readonly #cipher: SecretCipher;

  constructor(store: CallbackConfigStore, cipher: SecretCipher) {
    this.#store = store;
    this.#cipher = cipher;
    this.#sealPlaintextSecrets();
  }

  list(appId: string): CallbackConfig[] {
    return this.#store.configsOfApp(appId).map((c) => this.#open(c));
  }

  get(appId: string, businessId: string): CallbackConfig | undefined {
    const config = this.#store.findConfig(appId, businessId);
    return config && this.#open(config);
  }

  /** False when a subscription for (appId, businessId) already exists. */
  create(config: Omit<CallbackConfig, 'createdAt' | 'updatedAt'>, now: Date): boolean {
    const at = now.toISOString();
    const { secretKey, ...rest } = config;
    return this.#store.insertConfig({
      ...rest,
      secretCiphertext: this.#cipher.encrypt(secretKey, secretAssociatedData(config.appId, config.businessId)),
      createdAt: at,
      updatedAt: at,
    });
  }

  /** False when there is no such subscription. */
  update(
    appId: string,
    businessId: string,
    change: { url: string; secretKey: string; eventList: string[] },
    now: Date,
  ): boolean {
    return this.#store.updateConfig(appId, businessId, {
      url: change.url,
      secretCiphertext: this.#cipher.encrypt(change.secretKey, secretAssociatedData(appId, businessId)),
      eventList: change.eventList,
      updatedAt: now.toISOString(),
    });
  }

  /** Deletes one subscription, or all of an app's when businessId is undefined. Returns how many went. */
  delete(appId: string, businessId: string | undefined): number {
    return this.#store.deleteConfigs(appId, businessId);
  }

  #open(sealed: SealedCallbackConfig): CallbackConfig {
    return {
      appId: sealed.appId,
      businessId: sealed.businessId,
      accountId: sealed.accountId,
      url: sealed.url,
      secretKey: this.#cipher.decrypt(sealed.secretCiphertext, secretAssociatedData(sealed.appId, sealed.businessId)),
      eventList: sealed.eventList,
      region: sealed.region,
      createdAt: sealed.createdAt,
      updatedAt: sealed.updatedAt,
    };
  }

  /** Seals the secrets of rows written before they were sealed (migration events/002), once, in one transaction. */
  #sealPlaintextSecrets(): void {
    const plain = this.#store.unsealedSecrets();
    if (plain.length === 0) return;
    this.#store.sealSecrets(
      plain.map((row) => ({
        appId: row.appId,
        businessId: row.businessId,
        secretCiphertext: this.#cipher.encrypt(row.secretKey, secretAssociatedData(row.appId, row.businessId)),
      })),
    );
  }
}
