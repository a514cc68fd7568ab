import type { IncomingMessage } from 'node:http';
import { ApiError } from '../errors/api-error.js';

/** The body of a request that has none (shared: it is never written to). */
export const EMPTY_BODY = Buffer.alloc(0);

/** Thrown when a body passes the limit: the transport answers it and then closes the connection. */
export class BodyTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super('RequestEntityTooLarge', `the request body exceeds the limit of ${limitBytes} bytes`);
  }
}

/**
 * Collects the raw body bytes (the signature covers them exactly, so nothing is decoded here): at once when there
 * is no body, else once it has arrived. A declared Content-Length over the limit is refused before a byte is read.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Buffer | Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) {
    return Promise.reject(new BodyTooLargeError(limitBytes));
  }
  // Most GETs carry no body: nothing to wait for (the stream is drained so the connection can carry the next request).
  if ((declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return EMPTY_BODY;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        fail(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.once('error', fail);
    req.once('aborted', () => fail(new ApiError('InvalidParameter', 'the request body ended early')));
  });
}
