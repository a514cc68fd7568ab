import { createHmac } from 'node:crypto';

/** The token signature: HMAC-SHA256 of the packed message, keyed with the AppKey's UTF-8 bytes (catalog 5.1). */
export function signTokenMessage(message: Buffer, appKey: string): Buffer {
  return createHmac('sha256', appKey).update(message).digest();
}
