import type { Duplex } from 'node:stream';
import { DEFAULT_REGION } from './credential-region.js';
import { renderError } from './render-envelope.js';
import { ApiError } from '../errors/api-error.js';
import { newRequestId } from './request-id.js';

/**
 * Node answers a request it cannot parse (bad request line, oversized headers, a header or request timeout) with a
 * bare status line; the service answers an envelope instead, then closes the connection, which is in an unknown state.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, nowMs: number): void {
  if (!socket.writable || (error.code === 'ECONNRESET' && socket.destroyed)) {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'the request headers are too large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT'
        ? 'the request did not arrive in time'
        : 'the request is not well-formed HTTP/1.1';
  const response = renderError(
    { requestId: newRequestId(nowMs), action: '', version: '', region: DEFAULT_REGION },
    new ApiError('InvalidParameter', message),
  );
  socket.end(
    `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(response.body)}\r\nconnection: close\r\n\r\n${response.body}`,
  );
}
