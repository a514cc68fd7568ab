import type { RtcError } from '../errors/rtc-error.js';

export interface RetryEvent {
  action: string;
  version: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  error: RtcError;
}

export interface ResponseEvent {
  action: string;
  version: string;
  attempt: number;
  /** Absent when no HTTP answer came. */
  httpStatus: number | undefined;
  requestId: string | undefined;
  durationMs: number;
  /** Set when the attempt failed. */
  error: RtcError | undefined;
}

/** Observers of the client's work; they see no credentials. A hook that throws is ignored. */
export interface ClientHooks {
  /** Before each retry. */
  onRetry?: (event: RetryEvent) => void;
  /** After each attempt, successful or not. */
  onResponse?: (event: ResponseEvent) => void;
}

export function notify<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (hook === undefined) return;
  try {
    hook(event);
  } catch {
    // An observer must not change the outcome of a call.
  }
}
