/** An action a policy may allow: every action (`*` or `rtc:*`), or one (`rtc:ListApps`, or just `ListApps`). */
export const POLICY_ACTION_PATTERN = /^(\*|rtc:\*|(rtc:)?[A-Za-z][A-Za-z0-9]{0,63})$/;

export interface Policy {
  policyId: string;
  userId: string;
  /** As attached: `*`, `rtc:*`, `rtc:<Action>` or `<Action>`. */
  action: string;
  /** Limits the policy to these AppIds; undefined allows every AppId of the account. */
  appIds?: readonly string[];
  createdAt: string;
}

export function policyCoversAction(policy: Pick<Policy, 'action'>, action: string): boolean {
  const allowed = policy.action;
  return allowed === '*' || allowed === 'rtc:*' || allowed === action || allowed === `rtc:${action}`;
}

/**
 * A policy limited to some AppIds allows only requests naming one of them; a request without an AppId (CreateApp,
 * ListApps of the whole account) needs a policy without that limit.
 */
export function policyCoversApp(policy: Pick<Policy, 'appIds'>, appId: string | undefined): boolean {
  if (policy.appIds === undefined) return true;
  return appId !== undefined && policy.appIds.includes(appId);
}
