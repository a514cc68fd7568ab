import type { Awaitable } from '../awaitable.js';
import { RecordError } from '../store/record-error.js';
import { TtlCache } from '../store/ttl-cache.js';
import type { IdentityStore } from './identity-store.js';
import type { IdentityServiceParts } from './identity-service-parts.js';

/** An action name or `messaging`, or an action's conditional group (`GetRoomOnlineUsers:Property=true`). */
const RATE_GROUP_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}(?::[A-Za-z][A-Za-z0-9]{0,63}=[A-Za-z0-9]{1,64})?$/;

/** Per-account QPS overrides of the catalog's limits, by rate group; the throttle stage reads them on every call. */
export class RateLimitOverrideService {
  readonly #store: IdentityStore;
  readonly #forGateway: TtlCache<Readonly<Record<string, number>>>;
  readonly #loadForGateway: (accountId: string) => Awaitable<Readonly<Record<string, number>>>;

  constructor(parts: IdentityServiceParts) {
    this.#store = parts.store;
    this.#forGateway = new TtlCache({
      name: 'identity.rate_limit_overrides',
      ttlMs: parts.cacheMs,
      maxEntries: 10_000,
      registry: parts.caches,
    });
    this.#loadForGateway = (accountId) => this.#store.rateLimitOverridesOf(accountId);
  }

  /**
   * The gateway's view of an account's overrides: cached (dropped at once by set/removeRateLimitOverride, seen
   * within the cache time when another process writes them).
   */
  rateLimitOverridesFor(accountId: string): Awaitable<Readonly<Record<string, number>>> {
    return this.#forGateway.getOrLoad(accountId, this.#loadForGateway);
  }

  /** Per-account QPS by rate group (an action name, or `messaging`); groups without an override are absent. */
  getRateLimitOverrides(accountId: string): Awaitable<Readonly<Record<string, number>>> {
    return this.#store.rateLimitOverridesOf(accountId);
  }

  async setRateLimitOverride(accountId: string, rateGroup: string, qps: number): Promise<void> {
    if (!RATE_GROUP_PATTERN.test(rateGroup)) {
      throw new RecordError(
        'invalid',
        'a rate group is an action name, messaging, or a conditional group such as GetRoomOnlineUsers:Property=true',
        'rateGroup',
      );
    }
    if (!Number.isFinite(qps) || qps <= 0 || qps > 1_000_000) {
      throw new RecordError('invalid', 'qps must be a number above 0 and at most 1000000', 'qps');
    }
    await this.#store.putRateLimitOverride(accountId, rateGroup, qps);
    this.#forGateway.delete(accountId);
  }

  async removeRateLimitOverride(accountId: string, rateGroup: string): Promise<void> {
    const deleted = await this.#store.deleteRateLimitOverride(accountId, rateGroup);
    if (!deleted) {
      throw new RecordError('not-found', `account ${accountId} has no override for ${rateGroup}`, 'rateGroup');
    }
    this.#forGateway.delete(accountId);
  }
}
