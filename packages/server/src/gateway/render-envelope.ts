import { buildErrorEnvelope, errorInfo, httpStatusFor, type ApiErrorBody, type ErrorInfo } from '@rtc-openapi/api';
import { jsonString } from '../json-string.js';
import { ApiError } from '../errors/api-error.js';

/** What goes into ResponseMetadata besides the error. */
export interface EnvelopeMeta {
  requestId: string;
  action: string;
  version: string;
  region: string;
}

export interface RenderedResponse {
  status: number;
  /** The serialised envelope. */
  body: string;
  /** The error code, or `OK`: what the log line and the metrics record. */
  code: string;
  /** Extra response headers (Retry-After on throttling). */
  headers?: Readonly<Record<string, string>>;
  /** Set when the answer hides a fault of the server's own: the log line carries it, the wire never does. */
  fault?: unknown;
}

/** The success envelope, HTTP 200. A Result that cannot be serialised is the server's fault: InternalError. */
export function renderSuccess(meta: EnvelopeMeta, result: unknown): RenderedResponse {
  try {
    // The same text as JSON.stringify(buildSuccessEnvelope(...)), without building the envelope object on every
    // answer: the metadata's shape is fixed, and only its values need escaping.
    const resultText = JSON.stringify(result ?? {}) as string | undefined;
    const body =
      `{"ResponseMetadata":${metadataText(meta)}` + (resultText === undefined ? '}' : `,"Result":${resultText}}`);
    return { status: 200, body, code: 'OK' };
  } catch (fault) {
    return renderError(meta, fault);
  }
}

/**
 * The one place an error becomes an answer. An ApiError with a catalogued code is sent as it is: gateway codes with
 * their CodeN and documented status, business codes with the status rule of the request's version (section 1.3).
 * Anything else (a bug, a database failure, an ApiError with a code the catalog does not know) is sent as
 * InternalError with a message that reveals nothing, and handed back as `fault` for the log.
 */
export function renderError(meta: EnvelopeMeta, error: unknown): RenderedResponse {
  let code = 'InternalError';
  let message = `the server failed to process the request; quote RequestId ${meta.requestId} when reporting it`;
  let info: ErrorInfo | undefined;
  let fault: unknown = error;
  let headers: Readonly<Record<string, string>> | undefined;
  if (error instanceof ApiError) {
    info = errorInfo(error.code);
    if (info) {
      code = error.code;
      message = error.message;
      fault = undefined;
      headers = error.headers;
    }
  }
  info ??= errorInfo(code);
  const body: ApiErrorBody = { Code: code, Message: message };
  if (info?.codeN !== undefined) body.CodeN = info.codeN;
  return {
    status: statusFor(code, info, meta.version),
    body: JSON.stringify(buildErrorEnvelope(metadataOf(meta), body)),
    code,
    ...(headers && { headers }),
    ...(fault === undefined ? {} : { fault }),
  };
}

const VERSION_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** httpStatusFor needs a well-formed version; an answer to a request without one uses the code's own status. */
function statusFor(code: string, info: ErrorInfo | undefined, version: string): number {
  if (VERSION_SHAPE.test(version)) return httpStatusFor(code, version);
  return info?.httpStatus ?? 500;
}

function metadataText(meta: EnvelopeMeta): string {
  return (
    `{"RequestId":${jsonString(meta.requestId)},"Action":${jsonString(meta.action)},` +
    `"Version":${jsonString(meta.version)},"Service":"rtc","Region":${jsonString(meta.region)}}`
  );
}

function metadataOf(meta: EnvelopeMeta) {
  return { RequestId: meta.requestId, Action: meta.action, Version: meta.version, Service: 'rtc', Region: meta.region };
}
