import { ApiError } from '../../errors/api-error.js';
import { isBase64 } from '../../rooms/parse-client-frame.js';

/**
 * Catalog "Server-side real-time messaging": 64 KB per message (the same limit as a client's `send`,
 * PRESENCE_MAX_MESSAGE_BYTES), 20 KB and 600 recipients for the batch.
 */
export const BATCH_MESSAGE_LIMIT_BYTES = 20 * 1024;
export const BATCH_MAX_RECIPIENTS = 600;

export type MessagePayload = { text: string } | { binary: string };

/** The Message as sent to clients, after the Binary and size rules (binary size = decoded bytes). */
export function messagePayload(params: { Message: string; Binary: boolean }, limit: number): MessagePayload {
  const { Message: message, Binary: binary } = params;
  if (message === '') throw new ApiError('MissingParameter', 'Message is required');
  if (binary && !isBase64(message)) {
    throw new ApiError('InvalidParameter', 'Message must be base64 when Binary is true');
  }
  const size = binary ? Buffer.byteLength(message, 'base64') : Buffer.byteLength(message, 'utf8');
  if (size > limit) {
    throw new ApiError('InvalidParameter.SizeOverLimit', `Message is ${size} bytes; the limit is ${limit} bytes`);
  }
  return binary ? { binary: message } : { text: message };
}
