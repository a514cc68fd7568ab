import type { IncomingHttpHeaders } from 'node:http';
import type { QueryParams } from './query-params.js';

/** One API call as the transport received it: the raw bytes and target, before any interpretation. */
export interface ApiRequest {
  requestId: string;
  method: string;
  /** Path and query exactly as received (the signature covers them as sent). */
  url: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The server clock when the request arrived, in ms (injectable for tests). */
  receivedAtMs: number;
}
