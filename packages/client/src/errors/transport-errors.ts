import { RtcError } from './rtc-error.js';

/** Where a failed call was going; never includes credentials. */
export interface CallTarget {
  action: string;
  version: string;
}

/** The request never got an HTTP answer: connection refused or reset, DNS failure, TLS failure... */
export class RtcNetworkError extends RtcError {
  static readonly errorKind = 'RTC_ERR_NETWORK';
  readonly action: string;
  readonly version: string;
  /** The system or undici code of the cause when there is one, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  readonly causeCode: string | undefined;

  constructor(target: CallTarget, cause: unknown) {
    const causeCode = codeOf(cause);
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('RTC_ERR_NETWORK', `${target.action} ${target.version}: network error: ${detail}`, { cause });
    this.name = 'RtcNetworkError';
    this.action = target.action;
    this.version = target.version;
    this.causeCode = causeCode;
  }
}

/** No complete answer within the call's `timeoutMs`. */
export class RtcTimeoutError extends RtcError {
  static readonly errorKind = 'RTC_ERR_TIMEOUT';
  readonly action: string;
  readonly version: string;
  readonly timeoutMs: number;

  constructor(target: CallTarget, timeoutMs: number) {
    super('RTC_ERR_TIMEOUT', `${target.action} ${target.version}: no response within ${timeoutMs} ms`);
    this.name = 'RtcTimeoutError';
    this.action = target.action;
    this.version = target.version;
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's AbortSignal fired. `cause` is the signal's reason. */
export class RtcAbortError extends RtcError {
  static readonly errorKind = 'RTC_ERR_ABORT';
  readonly action: string;
  readonly version: string;

  constructor(target: CallTarget, reason: unknown) {
    super('RTC_ERR_ABORT', `${target.action} ${target.version}: aborted`, { cause: reason });
    this.name = 'RtcAbortError';
    this.action = target.action;
    this.version = target.version;
  }
}

/** An HTTP answer that is not a response envelope: not JSON, or JSON without `ResponseMetadata`. */
export class RtcMalformedResponseError extends RtcError {
  static readonly errorKind = 'RTC_ERR_MALFORMED_RESPONSE';
  readonly action: string;
  readonly version: string;
  readonly httpStatus: number;
  /** Why the body was refused. */
  readonly reason: string;
  /** The first 512 characters of the body, for diagnosis. */
  readonly bodySnippet: string;

  constructor(target: CallTarget, httpStatus: number, reason: string, body: string) {
    super('RTC_ERR_MALFORMED_RESPONSE', `${target.action} ${target.version}: HTTP ${httpStatus}: ${reason}`);
    this.name = 'RtcMalformedResponseError';
    this.action = target.action;
    this.version = target.version;
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.bodySnippet = body.slice(0, 512);
  }
}

function codeOf(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // undici wraps connection failures; the system code sits on the inner cause.
  return codeOf((cause as { cause?: unknown }).cause);
}
