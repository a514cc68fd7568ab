import type { Awaitable } from '../awaitable.js';
import { APP_ID_PATTERN } from '../apps/app-credentials.js';
import { RecordError } from '../store/record-error.js';
import { TtlCache } from '../store/ttl-cache.js';
import type { IdentityStore } from './identity-store.js';
import type { IdentityServiceParts } from './identity-service-parts.js';
import { POLICY_ACTION_PATTERN, type Policy } from './policy.js';

/** Sub-users' policies: which actions (`policy.ts`) a sub-user may call, optionally only for some AppIds. */
export class PolicyService {
  readonly #store: IdentityStore;
  readonly #now: () => Date;
  /** Asked by the authorize stage on every call of a sub-user: their policies, by user id. */
  readonly #ofUser: TtlCache<Policy[]>;
  readonly #loadOfUser: (userId: string) => Awaitable<Policy[]>;

  constructor(parts: IdentityServiceParts) {
    this.#store = parts.store;
    this.#now = parts.now;
    this.#ofUser = new TtlCache({
      name: 'identity.policies',
      ttlMs: parts.cacheMs,
      maxEntries: 50_000,
      registry: parts.caches,
    });
    this.#loadOfUser = (userId) => this.#store.policiesOf(userId);
  }

  /** Allows a sub-user an action (`*`, `rtc:*`, `rtc:ListApps`), optionally only for some AppIds. */
  async attachPolicy(userId: string, input: { action: string; appIds?: readonly string[] }): Promise<Policy> {
    const action = input.action.trim();
    if (!POLICY_ACTION_PATTERN.test(action)) {
      throw new RecordError('invalid', 'a policy action is *, rtc:* or rtc:<Action>', 'action');
    }
    if (input.appIds !== undefined) {
      if (input.appIds.length === 0) {
        throw new RecordError('invalid', 'appIds, when given, lists at least one AppId', 'appIds');
      }
      const bad = input.appIds.find((id) => typeof id !== 'string' || !APP_ID_PATTERN.test(id));
      if (bad !== undefined) {
        throw new RecordError('invalid', `appIds holds a malformed AppId: ${String(bad)}`, 'appIds');
      }
    }
    const user = await this.#store.findUser(userId);
    if (!user) throw new RecordError('not-found', `user ${userId} does not exist`, 'userId');
    if (user.isMainUser) {
      throw new RecordError('invalid', 'the main user may call every action; policies apply to sub-users', 'userId');
    }
    const policy = await this.#store.insertPolicy({
      userId,
      action,
      ...(input.appIds !== undefined && { appIds: [...new Set(input.appIds)] }),
      createdAt: this.#now().toISOString(),
    });
    this.#ofUser.delete(userId);
    return policy;
  }

  async detachPolicy(policyId: string): Promise<void> {
    const deleted = /^[0-9]{1,15}$/.test(policyId) ? await this.#store.deletePolicy(Number(policyId)) : undefined;
    if (deleted === undefined) throw new RecordError('not-found', `policy ${policyId} does not exist`, 'policyId');
    this.#ofUser.delete(deleted.userId);
  }

  async listPolicies(userId: string): Promise<Policy[]> {
    return this.#store.policiesOf(userId);
  }

  /** Cached: the authorize stage asks on every call of a sub-user. Callers must not change the list. */
  policiesOf(userId: string): Awaitable<readonly Policy[]> {
    return this.#ofUser.getOrLoad(userId, this.#loadOfUser);
  }
}
