import type { Awaitable } from '../awaitable.js';
import type { CacheRegistry } from '../store/cache-registry.js';
import { AccessKeyService } from './access-key-service.js';
import { AccountService } from './account-service.js';
import { IdentityGateService, type AppOwnerLookup } from './identity-gate.js';
import type { IdentityStore } from './identity-store.js';
import type { IdentityServiceParts } from './identity-service-parts.js';
import { PolicyService } from './policy-service.js';
import type { IdentityGate, OwnedApp, Principal, ResolvedAccessKey } from './principal.js';
import { RateLimitOverrideService } from './rate-limit-override-service.js';
import type { SecretCipher } from './secret-cipher.js';
import { UserService } from './user-service.js';

export type { AccessKey, AccessKeyStatus, Account, User } from './identity-store.js';
export type { CreatedAccessKey, CreatedTemporaryAccessKey } from './access-key-service.js';
export type { AppOwnerLookup } from './identity-gate.js';

export interface IdentityServiceOptions {
  store: IdentityStore;
  cipher: SecretCipher;
  apps: AppOwnerLookup;
  now?: () => Date;
  /**
   * How long hot-path facts stay cached: resolved keys, RTC enablement, sub-user policies, rate-limit overrides.
   * Changes made through these services drop their entry at once; changes made by another process on the same data
   * directory (the admin CLI) reach this one within this time. Default 5 s; 0 disables caching.
   */
  cacheMs?: number;
  /** Where `/metrics` finds identity's caches. */
  caches: CacheRegistry;
}

/**
 * Identity in one place for its callers (the admin operations, the dev seed, tests): the services by concept, each
 * owning its facts' cache, and the IdentityGate the gateway authenticates and authorizes every request with. Each
 * method below is its service's, as is.
 */
export class IdentityService implements IdentityGate {
  readonly accounts: AccountService;
  readonly users: UserService;
  readonly accessKeys: AccessKeyService;
  readonly policies: PolicyService;
  readonly rateLimits: RateLimitOverrideService;
  readonly gate: IdentityGateService;

  constructor(options: IdentityServiceOptions) {
    const parts: IdentityServiceParts = {
      store: options.store,
      now: options.now ?? (() => new Date()),
      cacheMs: options.cacheMs ?? 5_000,
      caches: options.caches,
    };
    this.accounts = new AccountService(parts);
    this.users = new UserService(parts);
    this.accessKeys = new AccessKeyService({ ...parts, cipher: options.cipher });
    this.policies = new PolicyService(parts);
    this.rateLimits = new RateLimitOverrideService(parts);
    this.gate = new IdentityGateService({
      keys: this.accessKeys,
      accounts: this.accounts,
      policies: this.policies,
      apps: options.apps,
    });
  }

  // the gateway's side
  resolveAccessKey(accessKeyId: string): Awaitable<ResolvedAccessKey | undefined> {
    return this.gate.resolveAccessKey(accessKeyId);
  }
  authorize(
    principal: Principal,
    action: string,
    appId: string | undefined,
    appField?: string,
  ): Awaitable<OwnedApp | undefined> {
    return this.gate.authorize(principal, action, appId, appField);
  }
  rateLimitOverridesFor(accountId: string) {
    return this.rateLimits.rateLimitOverridesFor(accountId);
  }

  // accounts
  createAccount(...args: Parameters<AccountService['createAccount']>) {
    return this.accounts.createAccount(...args);
  }
  getAccount(accountId: string) {
    return this.accounts.getAccount(accountId);
  }
  listAccounts(paging: { offset: number; limit: number }) {
    return this.accounts.listAccounts(paging);
  }
  setRtcEnabled(accountId: string, enabled: boolean) {
    return this.accounts.setRtcEnabled(accountId, enabled);
  }

  // users
  createUser(accountId: string, userName: string) {
    return this.users.createUser(accountId, userName);
  }
  getUser(userId: string) {
    return this.users.getUser(userId);
  }
  listUsers(accountId: string) {
    return this.users.listUsers(accountId);
  }

  // access keys
  createAccessKey(...args: Parameters<AccessKeyService['createAccessKey']>) {
    return this.accessKeys.createAccessKey(...args);
  }
  createTemporaryAccessKey(...args: Parameters<AccessKeyService['createTemporaryAccessKey']>) {
    return this.accessKeys.createTemporaryAccessKey(...args);
  }
  hasAccessKeySecret(accessKeyId: string, secretAccessKey: string) {
    return this.accessKeys.hasAccessKeySecret(accessKeyId, secretAccessKey);
  }
  getAccessKey(accessKeyId: string) {
    return this.accessKeys.getAccessKey(accessKeyId);
  }
  listAccessKeys(owner: { userId: string } | { accountId: string }) {
    return this.accessKeys.listAccessKeys(owner);
  }
  setAccessKeyStatus(...args: Parameters<AccessKeyService['setAccessKeyStatus']>) {
    return this.accessKeys.setAccessKeyStatus(...args);
  }
  deleteAccessKey(accessKeyId: string) {
    return this.accessKeys.deleteAccessKey(accessKeyId);
  }
  pruneExpiredTemporaryKeys(graceMs?: number) {
    return this.accessKeys.pruneExpiredTemporaryKeys(graceMs);
  }

  // policies
  attachPolicy(...args: Parameters<PolicyService['attachPolicy']>) {
    return this.policies.attachPolicy(...args);
  }
  detachPolicy(policyId: string) {
    return this.policies.detachPolicy(policyId);
  }
  listPolicies(userId: string) {
    return this.policies.listPolicies(userId);
  }

  // rate-limit overrides
  getRateLimitOverrides(accountId: string) {
    return this.rateLimits.getRateLimitOverrides(accountId);
  }
  setRateLimitOverride(accountId: string, rateGroup: string, qps: number) {
    return this.rateLimits.setRateLimitOverride(accountId, rateGroup, qps);
  }
  removeRateLimitOverride(accountId: string, rateGroup: string) {
    return this.rateLimits.removeRateLimitOverride(accountId, rateGroup);
  }
}
