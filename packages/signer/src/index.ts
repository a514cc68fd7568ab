export type * from './types.js';
// Implemented in their own files: signRequest, presignUrl, verifyRequest.
