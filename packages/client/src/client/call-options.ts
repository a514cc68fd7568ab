import type { RetryOptions } from '../retry/retry-policy.js';

/** Per-call settings. */
export interface CallOptions<V extends string = string> {
  /** Any catalogued version of the action; default its newest. */
  version?: V;
  /** Aborts the call, throttle and retry waits included; the call then rejects with RtcAbortError. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Overrides the client's retry settings for this call. */
  retry?: RetryOptions | false;
}
