import type { ActionSpec } from '@rtc-openapi/api';
import type { Awaitable } from '../awaitable.js';
import type { IdentityGate, OwnedApp, Principal } from '../identity/principal.js';

/**
 * The authorize stage: identity decides whether this principal may call the action on the request's AppId (RTC
 * enabled for the account, a sub-user's policy, the AppId's owner). An AppId that is not a string is left to the
 * schema check, which names it.
 */
export function authorize(
  gate: Pick<IdentityGate, 'authorize'>,
  principal: Principal,
  spec: ActionSpec,
  params: Record<string, unknown>,
): Awaitable<OwnedApp | undefined> {
  // GetAllBusinessID spells it AppID (catalog); both name the app the call acts on.
  const named = params.AppId ?? params.AppID;
  const appId = typeof named === 'string' && named !== '' ? named : undefined;
  return gate.authorize(principal, spec.action, appId);
}
