/** The error a body longer than its cap ends with; the rest of it is not read. */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`answer body over ${maxBytes} bytes`);
  }
}

/**
 * Reads a response body to its end, or up to `maxBytes`: past that the stream is cancelled (the connection is
 * closed rather than drained) and the read fails with AnswerTooLargeError. Bound the time with withOutboundTimeout.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return Buffer.concat(chunks, total);
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new AnswerTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Reads the first `maxBytes` of a body (fewer when it ends sooner), then cancels the rest: for keeping the start of
 * an answer whose whole is not wanted. Bound the time with withOutboundTimeout.
 */
export async function readPrefix(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
    if (total >= maxBytes) await reader.cancel();
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, total).subarray(0, maxBytes);
}
