import { verifyCallbackSignature, type CallbackBody } from '@rtc-openapi/signer';
import { RtcValidationError } from '../errors/rtc-validation-error.js';

// The signature recipe (catalog 4.4) lives in @rtc-openapi/signer, shared with the server that signs callbacks.
export { signCallback as callbackSignature, type CallbackFields } from '@rtc-openapi/signer';

/**
 * Checks an RTC event callback. `body` is the raw request body (string or bytes) or the parsed object. The nonce is
 * read from `Nonce` or, as some pages spell it, `Noce`. Returns false for a wrong signature; throws
 * RtcValidationError naming the field when the body lacks a signed field.
 */
export function verifyCallback(body: CallbackBody, secretKey: string): boolean {
  if (typeof secretKey !== 'string' || secretKey.length === 0) {
    throw new RtcValidationError('secretKey', 'secretKey must be a non-empty string');
  }
  const result = verifyCallbackSignature(body, secretKey);
  if (!result.ok && result.reason === 'malformed') throw new RtcValidationError(result.field, result.message);
  return result.ok;
}
