// Lookups over the error catalog. A client meets codes the catalog does not list (the service adds sub-codes), so
// retryClassOf and httpStatusFor fall back to the code's family, the part before the first dot:
// `InvalidParameter.Whatever` behaves as `InvalidParameter`, `InternalError.New` as `InternalError`.
import type { ErrorInfo, RetryClass } from '../spec.js';
import { errorCatalog, type ErrorCode } from './error-catalog.js';
import { RtcArgumentError } from './rtc-argument-error.js';

const known = errorCatalog as Readonly<Record<string, ErrorInfo>>;

function requireCode(code: unknown): string {
  if (typeof code !== 'string' || code === '')
    throw new RtcArgumentError('code', 'expected a non-empty error code string');
  return code;
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(known, code);
}

/** The catalog entry of `code`, or undefined for a code the catalog does not list. */
export function errorInfo(code: string): ErrorInfo | undefined {
  requireCode(code);
  return Object.hasOwn(known, code) ? known[code] : undefined;
}

function infoOrFamily(code: string): ErrorInfo | undefined {
  if (Object.hasOwn(known, code)) return known[code];
  const family = code.split('.')[0]!;
  return Object.hasOwn(known, family) ? known[family] : undefined;
}

/** How a client may retry after `code`; `never` for a code of no known family. */
export function retryClassOf(code: string): RetryClass {
  return infoOrFamily(requireCode(code))?.retry ?? 'never';
}

/** The first version whose business errors use 4xx/5xx statuses (catalog §1.3); older versions answer 200. */
export const STATUS_CODES_SINCE_VERSION = '2023-07-20';

/**
 * The HTTP status of an error response with `code` to a request of `version`: gateway codes always their status,
 * business codes theirs from 2023-07-20 on and 200 before (the error then lives in the body only). A code the
 * catalog does not list is taken as a business code with its family's status, or 500 when the family is unknown.
 */
export function httpStatusFor(code: string, version: string): number {
  requireCode(code);
  if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    throw new RtcArgumentError('version', 'expected a version such as 2023-11-01');
  }
  const exact = Object.hasOwn(known, code) ? known[code] : undefined;
  // Gateway codes have no dot; an unknown dotted code is a business sub-code even when its family is a gateway code.
  const isGateway = exact ? exact.kind === 'gateway' : false;
  const status = infoOrFamily(code)?.httpStatus ?? 500;
  if (isGateway) return status;
  return version >= STATUS_CODES_SINCE_VERSION ? status : 200;
}
