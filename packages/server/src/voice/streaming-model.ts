import { FetchRefusedError, type OutboundFetch } from '../net/guarded-fetch.js';
import { OutboundTimeoutError, withOutboundTimeout } from '../net/outbound-timeout.js';
import {
  LlmErrorCode,
  ModelError,
  type ChatMessage,
  type ChatModel,
  type ModelSink,
  type ToolCall,
} from './chat-model.js';
import { SseReader } from './sse-reader.js';

export interface StreamingModelOptions {
  url: string;
  /** Sent as `Authorization: Bearer`; never logged nor quoted in an error. */
  apiKey?: string;
  headers: Record<string, string>;
  /** The body's fields besides `messages` and `stream`: model, temperature, top_p, max_tokens, tools, Custom. */
  body: Record<string, unknown>;
  limits: StreamLimits;
  /** How the URL is reached; default the global fetch (the operator's own endpoint). */
  fetch?: OutboundFetch;
}

export interface StreamLimits {
  /** Wall ms from the request to the first bytes of the answer's body (the documented 10 s, time-scaled). */
  firstResponseMs: number;
  /** Wall ms the stream may go silent once it has begun. */
  stallMs: number;
  /** Wall ms for the whole answer. */
  totalMs: number;
  /** The largest answer read. */
  maxBytes: number;
}

interface PartialCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * An OpenAI-compatible chat-completions endpoint, streamed: POST with `stream: true`, the `text/event-stream`
 * chunks read as they arrive up to `data: [DONE]`, text deltas and tool-call deltas handed on at once. Every
 * failure is a ModelError with its runtime code (chat-model.ts); nothing waits past the limits.
 */
export class StreamingModel implements ChatModel {
  readonly #o: StreamingModelOptions;

  constructor(options: StreamingModelOptions) {
    this.#o = options;
  }

  async stream(messages: readonly ChatMessage[], sink: ModelSink, stop: AbortSignal): Promise<void> {
    const { limits } = this.#o;
    if (stop.aborted) throw stop.reason;
    const guard = new AbortController();
    const onStop = (): void => guard.abort(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    const fail = (ms: number, what: string) => () =>
      guard.abort(new ModelError(LlmErrorCode.Read, `the LLM sent ${what} within ${Math.round(ms)} ms`));
    let timer = setTimeout(fail(limits.firstResponseMs, 'no first response'), limits.firstResponseMs);
    const rearm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(fail(limits.stallMs, 'nothing more'), limits.stallMs);
    };
    try {
      await withOutboundTimeout(limits.totalMs, (signal) => this.#request(messages, sink, signal, rearm), guard.signal);
    } catch (e) {
      if (stop.aborted) throw stop.reason;
      if (e instanceof ModelError) throw e;
      if (e instanceof OutboundTimeoutError) {
        throw new ModelError(LlmErrorCode.Read, `the answer did not complete within ${Math.round(limits.totalMs)} ms`);
      }
      throw new ModelError(LlmErrorCode.Read, `reading the answer failed (${errorName(e)})`);
    } finally {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
  }

  async #request(
    messages: readonly ChatMessage[],
    sink: ModelSink,
    signal: AbortSignal,
    onBytes: () => void,
  ): Promise<void> {
    const o = this.#o;
    let response: Response;
    try {
      response = await (o.fetch ?? fetch)(o.url, {
        method: 'POST',
        headers: {
          ...o.headers,
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(o.apiKey !== undefined && { authorization: `Bearer ${o.apiKey}` }),
        },
        body: JSON.stringify({ ...o.body, messages, stream: true }),
        redirect: 'manual',
        signal,
      });
    } catch (e) {
      if (signal.aborted) throw e;
      const refused = (e as { cause?: unknown }).cause;
      if (refused instanceof FetchRefusedError) throw new ModelError(LlmErrorCode.Connect, refused.message);
      throw new ModelError(LlmErrorCode.Connect, `the LLM endpoint could not be reached (${errorName(e)})`);
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel().catch(() => undefined);
      throw new ModelError(LlmErrorCode.Request, `the LLM endpoint answered HTTP ${response.status}`);
    }
    const calls: PartialCall[] = [];
    let done = false;
    const sse = new SseReader((data) => {
      if (done) return;
      if (data === '[DONE]') {
        done = true;
        return;
      }
      readChunk(data, sink, calls);
    });
    const reader = response.body?.getReader();
    if (!reader) throw new ModelError(LlmErrorCode.Read, 'the LLM answer has no body');
    const decoder = new TextDecoder();
    let total = 0;
    try {
      while (!done) {
        const { done: ended, value } = await reader.read();
        if (ended) break;
        onBytes();
        total += value.byteLength;
        if (total > o.limits.maxBytes) {
          throw new ModelError(LlmErrorCode.Process, `the LLM answer is over ${o.limits.maxBytes} bytes`);
        }
        sse.push(decoder.decode(value, { stream: true }));
      }
      if (!done) sse.end();
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    if (!done) throw new ModelError(LlmErrorCode.Read, 'the LLM stream ended without data: [DONE]');
    if (calls.length > 0) {
      sink.toolCalls(
        calls.map((c, i): ToolCall => ({
          id: c.id || `call_${i}`,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      );
    }
  }
}

interface Chunk {
  error?: { message?: unknown };
  choices?: {
    delta?: {
      content?: unknown;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
  }[];
}

/** One `data:` chunk: its text delta to the sink, its tool-call pieces gathered by index. */
function readChunk(data: string, sink: ModelSink, calls: PartialCall[]): void {
  let chunk: Chunk;
  try {
    chunk = JSON.parse(data) as Chunk;
  } catch {
    throw new ModelError(LlmErrorCode.Process, 'an SSE chunk of the LLM is not JSON');
  }
  if (chunk === null || typeof chunk !== 'object') {
    throw new ModelError(LlmErrorCode.Process, 'an SSE chunk of the LLM is not a JSON object');
  }
  if (chunk.error) {
    throw new ModelError(LlmErrorCode.Process, `the LLM sent an error: ${String(chunk.error.message).slice(0, 200)}`);
  }
  if (!Array.isArray(chunk.choices))
    throw new ModelError(LlmErrorCode.Process, 'an SSE chunk of the LLM has no choices');
  const delta = chunk.choices[0]?.delta;
  if (!delta) return;
  if (typeof delta.content === 'string' && delta.content !== '') sink.text(delta.content);
  if (Array.isArray(delta.tool_calls)) {
    for (const piece of delta.tool_calls) {
      const index = typeof piece.index === 'number' ? piece.index : calls.length;
      const call = (calls[index] ??= { id: '', name: '', arguments: '' });
      if (typeof piece.id === 'string') call.id = piece.id;
      if (typeof piece.function?.name === 'string') call.name += piece.function.name;
      if (typeof piece.function?.arguments === 'string') call.arguments += piece.function.arguments;
    }
  }
}

/** A failure's code (ECONNREFUSED) or name, never its message (which may quote the URL). */
function errorName(e: unknown): string {
  const cause = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause) return String(cause.code);
  return e instanceof Error ? e.name : 'unknown error';
}
