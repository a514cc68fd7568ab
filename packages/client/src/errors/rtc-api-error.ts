import type { ErrorCode, RetryClass } from '@rtc-openapi/api';
import { RtcError } from './rtc-error.js';

export interface RtcApiErrorInit {
  code: string;
  codeN: number | undefined;
  serverMessage: string;
  httpStatus: number;
  requestId: string;
  action: string;
  version: string;
  retryClass: RetryClass;
  catalogued: boolean;
  retryAfterMs?: number | undefined;
  canonicalRequest?: string | undefined;
  stringToSign?: string | undefined;
}

/** The service answered with an error envelope (or a status other than 200). */
export class RtcApiError extends RtcError {
  static readonly errorKind = 'RTC_ERR_API';
  /**
   * The catalog code, e.g. `InvalidParameter.NotExistAppId`, `FlowLimitExceeded.QPSOverLimit`. Typed as the catalog's
   * union so that comparing with a misspelt code fails to compile; a code the catalog does not list still arrives
   * as the server sent it, with `catalogued` false.
   */
  readonly code: ErrorCode;
  /** The gateway's numeric code (gateway errors only, catalog section 3.2). */
  readonly codeN: number | undefined;
  /** The server's own words, unchanged. */
  readonly serverMessage: string;
  readonly httpStatus: number;
  readonly requestId: string;
  readonly action: string;
  readonly version: string;
  /** The catalog's view of whether repeating could help. */
  readonly retryClass: RetryClass;
  /** False when the server sent a code the catalog does not list. */
  readonly catalogued: boolean;
  /** The server's Retry-After, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** On SignatureDoesNotMatch: the canonical request this client signed (no secret is part of it). */
  readonly canonicalRequest: string | undefined;
  /** On SignatureDoesNotMatch: the string to sign this client used. */
  readonly stringToSign: string | undefined;

  constructor(init: RtcApiErrorInit) {
    super(
      'RTC_ERR_API',
      `${init.code}: ${init.serverMessage} (${init.action} ${init.version}, HTTP ${init.httpStatus}, RequestId ${init.requestId || '-'})`,
    );
    this.name = 'RtcApiError';
    this.code = init.code as ErrorCode;
    this.codeN = init.codeN;
    this.serverMessage = init.serverMessage;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.action = init.action;
    this.version = init.version;
    this.retryClass = init.retryClass;
    this.catalogued = init.catalogued;
    this.retryAfterMs = init.retryAfterMs;
    this.canonicalRequest = init.canonicalRequest;
    this.stringToSign = init.stringToSign;
  }
}
