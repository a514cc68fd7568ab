import { FetchRefusedError, type OutboundFetch } from '../net/guarded-fetch.js';
import { AnswerTooLargeError, readCapped, readPrefix } from '../net/read-capped.js';
import { OutboundTimeoutError, withOutboundTimeout } from '../net/outbound-timeout.js';

/** What one POST to a receiver came to: its status code when it answered, and why it failed when it did. */
export interface PostOutcome {
  status: number | undefined;
  /** Undefined exactly when the receiver answered 200 with a whole body within the time. */
  error: string | undefined;
  /** The start of the receiver's answer body (at most ANSWER_KEPT_BYTES, as UTF-8 text), when one was read. */
  answer: string | undefined;
}

/** How much of a receiver's answer body the delivery log keeps. */
export const ANSWER_KEPT_BYTES = 1024;

/**
 * POSTs one signed callback body. Success is HTTP 200 with its whole answer (headers and a body of at most
 * `maxAnswerBytes`) within `timeoutMs`; a redirect is not followed (a 3xx is a non-200 answer); of any other
 * status only the body's first ANSWER_KEPT_BYTES are read (for the log), within the same time. Rejects only when
 * `stopSignal` aborts (the caller leaves such an attempt uncounted). Error texts never hold the URL's password.
 * `fetch` applies the operator's fetch policy to the receiver's address.
 */
export async function postCallback(
  url: string,
  body: string,
  limits: { timeoutMs: number; maxAnswerBytes: number },
  stopSignal: AbortSignal,
  fetch: OutboundFetch,
): Promise<PostOutcome> {
  let status: number | undefined;
  let answer: string | undefined;
  try {
    await withOutboundTimeout(
      limits.timeoutMs,
      async (signal) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          redirect: 'manual',
          signal,
        });
        status = response.status;
        if (status === 200) answer = keptText(await readCapped(response.body, limits.maxAnswerBytes));
        else answer = keptText(await readPrefix(response.body, ANSWER_KEPT_BYTES));
      },
      stopSignal,
    );
    return { status, error: status === 200 ? undefined : `HTTP ${status}`, answer };
  } catch (e) {
    if (stopSignal.aborted) throw e;
    return { status, error: describe(e, url, status, limits.timeoutMs), answer };
  }
}

function keptText(bytes: Buffer): string {
  return bytes.subarray(0, ANSWER_KEPT_BYTES).toString('utf8');
}

function describe(e: unknown, url: string, status: number | undefined, timeoutMs: number): string {
  const answered = status === undefined ? '' : `HTTP ${status}, `;
  if (e instanceof OutboundTimeoutError) {
    return status === undefined
      ? `no answer within ${timeoutMs} ms`
      : `${answered}body not complete within ${timeoutMs} ms`;
  }
  if (e instanceof AnswerTooLargeError) return `${answered}${e.message}`;
  let text = String(e);
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
    // A receiver the fetch policy refuses: the policy says why.
    if (cause instanceof FetchRefusedError) text = cause.message;
    else text = `${answered}${code ? `${e.message} (${code})` : e.message}`;
  }
  return redactCredentials(text, url);
}

/** Removes a URL's password from a text (fetch quotes the whole URL in some of its errors). */
export function redactCredentials(text: string, url: string): string {
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (!password) return text;
  let out = text.split(url).join(withoutPassword(url));
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keeps the encoded form only
  }
  for (const form of new Set([password, decoded])) out = out.split(form).join('[redacted]');
  return out;
}

/** The URL without its password, for the delivery log. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
