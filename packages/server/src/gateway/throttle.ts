import { whenReady, type Awaitable } from '../awaitable.js';
import type { ActionSpec } from '@rtc-openapi/api';
import type { AccountLimits } from '../limits/account-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import { ApiError } from '../errors/api-error.js';

/** How the throttle stage reaches the limits: the account's budgets and the limiter that keeps them. */
export interface Budgets {
  limits: AccountLimits;
  limiter: RateLimiter;
}

/**
 * The throttle stage: one budget per account and rate group, shared by every AppId and sub-user of the account
 * (the four messaging actions share the group `messaging`). Over budget: `FlowLimitExceeded.QPSOverLimit` (429).
 */
export function throttle(accountId: string, spec: ActionSpec, budgets: Budgets, nowMs: number): Awaitable<void> {
  return take(accountId, spec.rateGroup, spec.qps, spec.action, budgets, nowMs);
}

/**
 * The stricter budget some calls draw from as well, once their params are read (GetRoomOnlineUsers 2023-11-01 with
 * Property=true: 1/s). Nothing to do for other calls.
 */
export function throttleByParams(
  accountId: string,
  spec: ActionSpec,
  params: Record<string, unknown>,
  budgets: Budgets,
  nowMs: number,
): Awaitable<void> {
  const rule = spec.conditionalRate;
  if (rule === undefined || params[rule.param] !== rule.equals) return undefined;
  const what = `${spec.action} with ${rule.param}=${String(rule.equals)}`;
  return take(accountId, rule.rateGroup, rule.qps, what, budgets, nowMs);
}

function take(
  accountId: string,
  rateGroup: string,
  qps: number,
  what: string,
  { limits, limiter }: Budgets,
  nowMs: number,
): Awaitable<void> {
  return whenReady(limits.limitFor(accountId, rateGroup, qps), (limit) =>
    whenReady(limiter.take(`${accountId}:${rateGroup}`, limit, nowMs), (decision) => {
      if (!decision.allowed) {
        throw new ThrottledError(
          `${what} is limited to ${limit.ratePerSecond} requests per second for this account; retry in ${decision.retryAfterMs} ms`,
          decision.retryAfterMs,
        );
      }
    }),
  );
}

/** Over budget: the answer also carries `Retry-After` (whole seconds, at least 1), which clients (ours included) honour. */
export class ThrottledError extends ApiError {
  constructor(message: string, retryAfterMs: number) {
    super('FlowLimitExceeded.QPSOverLimit', message, {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    });
  }
}
