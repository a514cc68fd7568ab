import type { Awaitable } from '../awaitable.js';
import { RecordError } from '../store/record-error.js';
import { TtlCache } from '../store/ttl-cache.js';
import { ACCOUNT_ID_PATTERN, generateAccountId, generateUserId } from './credential-format.js';
import type { Account, IdentityStore, Paging } from './identity-store.js';
import type { IdentityServiceParts } from './identity-service-parts.js';

/** Accounts, each made with its main user, and whether the RTC service is enabled for them. */
export class AccountService {
  readonly #store: IdentityStore;
  readonly #now: () => Date;
  /** Asked by the authorize stage on every call: RTC enabled, by account id. */
  readonly #rtcEnabled: TtlCache<boolean>;
  readonly #loadRtcEnabled: (accountId: string) => Awaitable<boolean>;

  constructor(parts: IdentityServiceParts) {
    this.#store = parts.store;
    this.#now = parts.now;
    this.#rtcEnabled = new TtlCache({
      name: 'identity.rtc_enabled',
      ttlMs: parts.cacheMs,
      maxEntries: 50_000,
      registry: parts.caches,
    });
    this.#loadRtcEnabled = (accountId) => this.#store.isRtcEnabled(accountId);
  }

  /** Creates an account with its main user (named `root`). */
  async createAccount(input: { name?: string; accountId?: string; rtcEnabled?: boolean } = {}): Promise<Account> {
    const name = (input.name ?? '').trim() || 'account';
    if ([...name].length > 64) throw new RecordError('invalid', 'an account name is at most 64 characters', 'name');
    if (input.accountId !== undefined && !ACCOUNT_ID_PATTERN.test(input.accountId)) {
      throw new RecordError('invalid', 'an AccountId is 6 to 20 digits, not starting with 0', 'accountId');
    }
    return this.#store.insertAccount({
      ...(input.accountId !== undefined && { accountId: input.accountId }),
      drawAccountId: generateAccountId,
      drawUserId: generateUserId,
      name,
      rtcEnabled: input.rtcEnabled === true,
      createdAt: this.#now().toISOString(),
    });
  }

  async getAccount(accountId: string): Promise<Account | undefined> {
    return this.#store.findAccount(accountId);
  }

  async listAccounts(paging: Paging): Promise<{ total: number; items: Account[] }> {
    return this.#store.listAccounts(paging);
  }

  /** The seed's "开通 RTC 服务": without it every action answers AccessDenied.ServiceNotEnabled. */
  async setRtcEnabled(accountId: string, enabled: boolean): Promise<Account> {
    const changed = await this.#store.setRtcEnabled(accountId, enabled);
    this.#rtcEnabled.delete(accountId);
    if (!changed) throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
    return (await this.getAccount(accountId))!;
  }

  /** Cached: the authorize stage asks on every call. False for an unknown account. */
  isRtcEnabled(accountId: string): Awaitable<boolean> {
    return this.#rtcEnabled.getOrLoad(accountId, this.#loadRtcEnabled);
  }
}
