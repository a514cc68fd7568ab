export type * from './types.js';
export { signRequest } from './sign-request.js';
export { presignUrl } from './presign-url.js';
export { verifyRequest } from './verify-request.js';
export { hashSha256Hex } from './hash-sha256.js';
export { formatXDate } from './x-date.js';
export { SignerArgumentError } from './signer-argument-error.js';
