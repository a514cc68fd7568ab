export { RtcClient } from './client/rtc-client.js';
export type { ActionMethod, ActionMethods } from './client/action-methods.js';
export type { CallOptions } from './client/call-options.js';
export {
  DEFAULT_ENDPOINT,
  DEFAULT_REGION,
  DEFAULT_TIMEOUT_MS,
  type RtcClientOptions,
} from './client/client-options.js';
export type { ClientHooks, ResponseEvent, RetryEvent } from './client/hooks.js';

export { RtcError, isRtcError, type RtcErrorKind } from './errors/rtc-error.js';
export { RtcApiError } from './errors/rtc-api-error.js';
export { RtcValidationError } from './errors/rtc-validation-error.js';
export {
  RtcAbortError,
  RtcMalformedResponseError,
  RtcNetworkError,
  RtcTimeoutError,
} from './errors/transport-errors.js';

export { isSafeToRepeat, type RetryOptions } from './retry/retry-policy.js';
export { RateLimiter, type RateLimiterOptions, type RateSlot } from './throttle/rate-limiter.js';
export { pagingOf, type PagedAction, type PageItem, type PageParams, type Paging } from './pagination/paginate.js';

export {
  AccessToken,
  tokenAllows,
  type AccessTokenInit,
  type AccessTokenVerification,
  type ParsedAccessToken,
  type TokenTime,
} from './token/access-token.js';
export { Privilege, type PrivilegeId, type PrivilegeMap, type PrivilegeName } from '@rtc-openapi/signer';
export { callbackSignature, verifyCallback, type CallbackFields } from './callback/verify-callback.js';
export { clientVersion } from './version.js';
