export type * from './types.js';
export { signRequest } from './sign-request.js';
export { presignUrl } from './presign-url.js';
export { verifyRequest, verifyRequestEagerly } from './verify-request.js';
export { hashSha256Hex } from './hash-sha256.js';
export { formatXDate, parseXDate } from './x-date.js';
export { checkCredentials, checkSignOptions } from './check-arguments.js';
export { SignerArgumentError } from './signer-argument-error.js';
export { encodeAccessToken } from './access-token/encode-access-token.js';
export { decodeAccessToken } from './access-token/decode-access-token.js';
export { verifyAccessToken } from './access-token/verify-access-token.js';
export { tokenAllows } from './access-token/token-allows.js';
export {
  impliedPrivileges,
  isPrivilegeId,
  Privilege,
  type PrivilegeId,
  type PrivilegeMap,
  type PrivilegeName,
} from './access-token/privilege.js';
export { ACCESS_TOKEN_APP_ID_LENGTH, ACCESS_TOKEN_VERSION } from './access-token/token-layout.js';
export type * from './access-token/types.js';
export { signCallback, CALLBACK_SIGNED_FIELDS } from './callback-signature/sign-callback.js';
export { verifyCallbackSignature } from './callback-signature/verify-callback-signature.js';
export type * from './callback-signature/types.js';
