import { whenReady, type Awaitable } from '../awaitable.js';
import type { ActionSpec } from '@rtc-openapi/api';
import type { AccountLimits } from '../limits/account-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import { ApiError } from './api-error.js';

/**
 * The throttle stage: one budget per account and rate group, shared by every AppId and sub-user of the account
 * (the four messaging actions share the group `messaging`). Over budget: `FlowLimitExceeded.QPSOverLimit` (429).
 */
export function throttle(
  accountId: string,
  spec: ActionSpec,
  limits: AccountLimits,
  limiter: RateLimiter,
  nowMs: number,
): Awaitable<void> {
  return whenReady(limits.limitFor(accountId, spec.rateGroup, spec.qps, nowMs), (limit) =>
    whenReady(limiter.take(`${accountId}:${spec.rateGroup}`, limit, nowMs), (decision) => {
      if (!decision.allowed) {
        throw new ThrottledError(
          `${spec.action} is limited to ${limit.ratePerSecond} requests per second for this account; retry in ${decision.retryAfterMs} ms`,
          decision.retryAfterMs,
        );
      }
    }),
  );
}

/** Over budget: the answer also carries `Retry-After`, which clients (ours included) honour. */
export class ThrottledError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super('FlowLimitExceeded.QPSOverLimit', message);
  }
}
