import type { Awaitable } from '../awaitable.js';
import { ApiError } from '../errors/api-error.js';
import type { AccessKeyService } from './access-key-service.js';
import type { AccountService } from './account-service.js';
import type { PolicyService } from './policy-service.js';
import { policyCoversAction, policyCoversApp, type Policy } from './policy.js';
import type { IdentityGate, OwnedApp, Principal, ResolvedAccessKey } from './principal.js';

/**
 * Who owns an AppId, as authorization needs it: AppService.getAppOwner, answered from the apps' one cache of an
 * app's facts (`apps.by_id`).
 */
export interface AppOwnerLookup {
  getAppOwner(appId: string): Awaitable<OwnedApp | undefined>;
}

/**
 * What the gateway asks identity on every call: the key's secret and owner (authenticate), and whether the caller
 * may call the action on the AppId it names (authorize). Every fact comes from a cache of the service owning it.
 */
export class IdentityGateService implements IdentityGate {
  readonly #keys: AccessKeyService;
  readonly #accounts: AccountService;
  readonly #policies: PolicyService;
  readonly #apps: AppOwnerLookup;

  constructor(parts: {
    keys: AccessKeyService;
    accounts: AccountService;
    policies: PolicyService;
    apps: AppOwnerLookup;
  }) {
    this.#keys = parts.keys;
    this.#accounts = parts.accounts;
    this.#policies = parts.policies;
    this.#apps = parts.apps;
  }

  resolveAccessKey(accessKeyId: string): Awaitable<ResolvedAccessKey | undefined> {
    return this.#keys.resolveAccessKey(accessKeyId);
  }

  /**
   * In order: RTC enabled for the account; for a sub-user, a policy allowing the action (LackPolicy) that also
   * covers the AppId (AccessDenied); the AppId exists (InvalidParameter.NotExistAppId) and belongs to the account
   * (InvalidParameter.AccountIdMismatch).
   */
  authorize(
    principal: Principal,
    action: string,
    appId: string | undefined,
    appField = 'AppId',
  ): Awaitable<OwnedApp | undefined> {
    // Written out rather than through whenReady: in the common case every fact is cached, and this runs on every
    // call without making a closure.
    const enabled = this.#accounts.isRtcEnabled(principal.accountId);
    return enabled instanceof Promise
      ? enabled.then((value) => this.#authorizeEnabled(value, principal, action, appId, appField))
      : this.#authorizeEnabled(enabled, principal, action, appId, appField);
  }

  #authorizeEnabled(
    enabled: boolean,
    principal: Principal,
    action: string,
    appId: string | undefined,
    appField: string,
  ): Awaitable<OwnedApp | undefined> {
    if (!enabled) {
      throw new ApiError(
        'AccessDenied.ServiceNotEnabled',
        `The RTC service is not enabled for account ${principal.accountId}`,
      );
    }
    if (principal.isMainUser) return this.#ownedApp(principal, appId, appField);
    const policies = this.#policies.policiesOf(principal.userId);
    if (policies instanceof Promise) {
      return policies.then((value) => {
        checkPolicies(value, principal, action, appId);
        return this.#ownedApp(principal, appId, appField);
      });
    }
    checkPolicies(policies, principal, action, appId);
    return this.#ownedApp(principal, appId, appField);
  }

  #ownedApp(principal: Principal, appId: string | undefined, appField: string): Awaitable<OwnedApp | undefined> {
    if (appId === undefined) return undefined;
    const owner = this.#apps.getAppOwner(appId);
    return owner instanceof Promise
      ? owner.then((value) => checkOwner(value, principal, appId, appField))
      : checkOwner(owner, principal, appId, appField);
  }
}

/** The AppId exists (InvalidParameter.NotExistAppId) and belongs to the caller's account (AccountIdMismatch). */
function checkOwner(owner: OwnedApp | undefined, principal: Principal, appId: string, appField: string): OwnedApp {
  if (owner === undefined) throw new ApiError('InvalidParameter.NotExistAppId', `${appField} ${appId} does not exist`);
  if (owner.accountId !== principal.accountId) {
    throw new ApiError('InvalidParameter.AccountIdMismatch', 'Check owner failed');
  }
  return owner;
}

/** A sub-user needs a policy allowing the action (LackPolicy) that also covers the AppId (AccessDenied). */
function checkPolicies(
  policies: readonly Policy[],
  principal: Principal,
  action: string,
  appId: string | undefined,
): void {
  const forAction = policies.filter((policy) => policyCoversAction(policy, action));
  if (forAction.length === 0) {
    throw new ApiError('LackPolicy', `User ${principal.userName} has no policy allowing rtc:${action}`);
  }
  if (!forAction.some((policy) => policyCoversApp(policy, appId))) {
    throw new ApiError(
      'AccessDenied',
      appId === undefined
        ? `User ${principal.userName} may call rtc:${action} only for some AppIds, and the request names none`
        : `User ${principal.userName} may not call rtc:${action} for AppId ${appId}`,
    );
  }
}
