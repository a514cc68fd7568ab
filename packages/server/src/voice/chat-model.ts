/** One message of the conversation, OpenAI chat-completions style. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** What the model produced, as it streams. */
export interface ModelSink {
  /** A piece of the answer's text. */
  text(delta: string): void;
  /** The answer ends by asking for these function calls (at the end of the stream). */
  toolCalls(calls: ToolCall[]): void;
}

/**
 * The agent's model: streams one answer to `messages`, resolving when it is complete and rejecting with a
 * ModelError; `stop` aborts it (an interrupt), after which it rejects with the signal's reason.
 */
export interface ChatModel {
  stream(messages: readonly ChatMessage[], sink: ModelSink, stop: AbortSignal): Promise<void>;
}

/** The documented runtime codes of the model's failures (catalog 3.3). */
export const LlmErrorCode = {
  /** The model could not be set up (no endpoint for the mode). */
  Instantiate: 1004001,
  /** The request was refused (a non-2xx answer). */
  Request: 1004002,
  /** Reading the answer failed: no first response in time, a stall, or an end without `data: [DONE]`. */
  Read: 1004003,
  /** The answer could not be understood (not SSE JSON chunks). */
  Process: 1004004,
  /** The endpoint could not be reached. */
  Connect: 1004005,
} as const;

/** A failure of the model with its runtime code; the message is safe to show (no key, no URL password). */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
