import type { Logger } from 'pino';
import { postCallback } from '../events/callback-post.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { MessageTarget } from './agent-spec.js';

/** How one server-message POST went: ok, or the receiver answered non-2xx (`status`), or it failed to answer. */
export type PostResult = { ok: true } | { ok: false; status: number | undefined; error: string };

/** A receiver gets at most this many POSTs queued; past that they are dropped (and logged). */
const MAX_QUEUED = 1000;
const LIMITS = { timeoutMs: 5000, maxAnswerBytes: 64 * 1024 };

/**
 * POSTs frames to a task's server-message URLs as `{"message": base64(frame), "signature": "<the configured
 * string>"}` (research 4.5), one receiver's POSTs one after another in order; the same time limit and answer cap
 * as callbacks (events/callback-post.ts). Stopped with the agent: queued POSTs are dropped, one in flight aborted.
 */
export class MessagePoster {
  readonly #logger: Logger | undefined;
  readonly #fetch: OutboundFetch;
  readonly #stop = new AbortController();
  readonly #tails = new Map<string, { tail: Promise<unknown>; queued: number }>();

  /** `fetch` reaches the receivers under the operator's fetch policy. */
  constructor(fetch: OutboundFetch, logger?: Logger) {
    this.#fetch = fetch;
    this.#logger = logger;
  }

  post(target: MessageTarget, frame: Uint8Array, onResult?: (r: PostResult) => void): void {
    if (this.#stop.signal.aborted) return;
    const body = JSON.stringify({ message: Buffer.from(frame).toString('base64'), signature: target.signature });
    const entry = this.#tails.get(target.url) ?? { tail: Promise.resolve(), queued: 0 };
    if (entry.queued >= MAX_QUEUED) {
      this.#logger?.warn(
        { queued: entry.queued },
        'a voice agent server-message receiver is too slow: message dropped',
      );
      return;
    }
    entry.queued++;
    entry.tail = entry.tail.then(async () => {
      entry.queued--;
      if (this.#stop.signal.aborted) return;
      const outcome = await postCallback(target.url, body, LIMITS, this.#stop.signal, this.#fetch).catch(
        () => undefined,
      );
      if (!outcome) return;
      const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
      if (!ok)
        this.#logger?.warn({ status: outcome.status, error: outcome.error }, 'a voice agent server message failed');
      onResult?.(ok ? { ok: true } : { ok: false, status: outcome.status, error: outcome.error ?? 'failed' });
    });
    this.#tails.set(target.url, entry);
  }

  /** Resolves when every POST queued so far has been made (tests, and a graceful stop). */
  async drain(): Promise<void> {
    await Promise.all([...this.#tails.values()].map((e) => e.tail));
  }

  stop(): void {
    this.#stop.abort(new Error('the voice agent stopped'));
  }
}
