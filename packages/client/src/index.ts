export { RtcError, isRtcError, type RtcErrorKind } from './errors/rtc-error.js';
export { RtcValidationError } from './errors/rtc-validation-error.js';
export {
  AccessToken,
  tokenAllows,
  type AccessTokenInit,
  type AccessTokenVerification,
  type ParsedAccessToken,
  type TokenTime,
} from './token/access-token.js';
export { Privilege, type PrivilegeId, type PrivilegeMap, type PrivilegeName } from './token/privilege.js';
export { callbackSignature, verifyCallback, type CallbackFields } from './callback/verify-callback.js';
