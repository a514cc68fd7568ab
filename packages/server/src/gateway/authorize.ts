import type { ActionSpec } from '@rtc-openapi/api';
import type { Awaitable } from '../awaitable.js';
import type { IdentityGate, OwnedApp, Principal } from '../identity/principal.js';

/** Each action-version's app param, found once in its catalog schema. */
const appParams = new WeakMap<ActionSpec, string | null>();

/**
 * The param naming the app an action-version acts on, read from its catalog schema: the top-level field whose name
 * is `appid` in any case and with any underscores. That is `AppId` for most actions, `AppID` for GetAllBusinessID
 * and `app_id` for the 2020-12-01 whiteboard transcoding actions; undefined for actions of no app (ListApps).
 */
export function appParamOf(spec: ActionSpec): string | undefined {
  let name = appParams.get(spec);
  if (name === undefined) {
    name = Object.keys(spec.params.properties).find((key) => key.replace(/_/g, '').toLowerCase() === 'appid') ?? null;
    appParams.set(spec, name);
  }
  return name ?? undefined;
}

/**
 * The authorize stage: identity decides whether this principal may call the action on the app the request names
 * (RTC enabled for the account, a sub-user's policy, the app's owner). An app param that is not a string is left to
 * the schema check, which names it.
 */
export function authorize(
  gate: Pick<IdentityGate, 'authorize'>,
  principal: Principal,
  spec: ActionSpec,
  params: Record<string, unknown>,
): Awaitable<OwnedApp | undefined> {
  const field = appParamOf(spec);
  const named = field === undefined ? undefined : params[field];
  const appId = typeof named === 'string' && named !== '' ? named : undefined;
  return gate.authorize(principal, spec.action, appId, field);
}
