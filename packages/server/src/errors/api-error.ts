import type { ErrorCode } from '@rtc-openapi/api';

/**
 * The one error type of the server: a catalog code and a message that is safe to send. Any stage of the pipeline
 * and any domain throws it; one place (the gateway's renderer) turns it into an envelope with the code's HTTP
 * status. A code the catalog does not list does not compile.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Response headers the answer carries with it (Retry-After on throttling). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
