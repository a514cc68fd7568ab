import { RtcError } from '../errors/rtc-error.js';
import { RtcValidationError } from '../errors/rtc-validation-error.js';

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3; 1 turns retries off. */
  maxAttempts?: number;
  /** The backoff cap of the first retry; doubled for each further retry. Default 100 ms. */
  baseDelayMs?: number;
  /** The largest wait before any retry, a server's Retry-After included. Default 5,000 ms. */
  maxDelayMs?: number;
}

export interface ResolvedRetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryOptions: ResolvedRetryOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5000 };

/**
 * Whether a call may be sent twice without changing the outcome (the retry rule, README "Retries"):
 * - queries: GET actions, and POST actions named Get*, List*, Describe*, Search* or *Query;
 * - Start* and Stop* calls that carry a TaskId: AppId + RoomId + TaskId names the task, so a repeat finds the task
 *   already started or stopped (catalog section 1.1).
 * Everything else (messages, bans, kicks, updates, creations) is sent once.
 */
export function isSafeToRepeat(action: string, method: string, params: unknown): boolean {
  if (method === 'GET') return true;
  if (/^(Get|List|Describe|Search)[A-Z]/.test(action) || /Query$/.test(action)) return true;
  if (/^(Start|Stop)[A-Z]/.test(action)) {
    const taskId = (params as { TaskId?: unknown } | null | undefined)?.TaskId;
    return typeof taskId === 'string' && taskId !== '';
  }
  return false;
}

/** What a retry decision needs to know of a failure. */
export interface FailureFacts {
  /** HTTP status when there was an answer. */
  httpStatus?: number;
  /** The envelope's error code when there was one. */
  code?: string;
  /** The catalog's retry class of that code. */
  retryClass?: 'never' | 'safe' | 'throttled';
}

/** Throttling (429, FlowLimitExceeded*), server-side failures (5xx but 501) and failures to get any answer are transient. */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof RtcError)) return false;
  if (error.kind === 'RTC_ERR_NETWORK' || error.kind === 'RTC_ERR_TIMEOUT') return true;
  if (error.kind !== 'RTC_ERR_API' && error.kind !== 'RTC_ERR_MALFORMED_RESPONSE') return false;
  const facts = error as FailureFacts;
  if (facts.httpStatus === 429) return true;
  // 501 says the server does not do this at all: asking again cannot help.
  if (facts.httpStatus !== undefined && facts.httpStatus >= 500 && facts.httpStatus !== 501) return true;
  if (facts.code?.startsWith('FlowLimitExceeded')) return true;
  return facts.retryClass === 'throttled' || facts.retryClass === 'safe';
}

/** Exponential backoff with full jitter: uniform in [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))). */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/** A server's Retry-After (seconds or HTTP date) in milliseconds, when it gave one. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function resolveRetryOptions(options: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (options === false) return { ...defaultRetryOptions, maxAttempts: 1 };
  const resolved = { ...defaultRetryOptions, ...stripUndefined(options ?? {}) };
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new RtcValidationError('retry.maxAttempts', 'retry.maxAttempts must be an integer of at least 1');
  }
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(resolved[name]) || resolved[name] < 0) {
      throw new RtcValidationError(`retry.${name}`, `retry.${name} must be a number of at least 0`);
    }
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
