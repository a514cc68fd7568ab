import type { ChatMessage, ChatModel, ModelSink } from './chat-model.js';

/**
 * The built-in model for ArkV3 and CozeBot when the operator set no --llm-endpoint (docs/voice-agent.md): it
 * echoes, so tests and demos can assert on it. The user's words `w` are answered `You said: w` streamed word by word;
 * `call <name> <arguments>` with a tool of that name in LLMConfig.Tools asks for that call; a tool's answer is
 * answered `The result is <content>`.
 */
export class ScriptedModel implements ChatModel {
  readonly #tools: ReadonlySet<string>;
  #calls = 0;

  constructor(tools: readonly unknown[] = []) {
    this.#tools = new Set(tools.map((t) => (t as { function: { name: string } }).function.name));
  }

  async stream(messages: readonly ChatMessage[], sink: ModelSink, stop: AbortSignal): Promise<void> {
    const last = messages.at(-1);
    if (last?.role === 'tool') return this.#say(`The result is ${last.content ?? ''}`, sink, stop);
    const said = last?.role === 'user' ? (last.content ?? '') : '';
    const call = /^call (\S+)\s*(.*)$/s.exec(said.trim());
    if (call && this.#tools.has(call[1]!)) {
      sink.toolCalls([
        {
          id: `call_scripted_${++this.#calls}`,
          type: 'function',
          function: { name: call[1]!, arguments: call[2] || '{}' },
        },
      ]);
      return;
    }
    return this.#say(`You said: ${said}`, sink, stop);
  }

  async #say(text: string, sink: ModelSink, stop: AbortSignal): Promise<void> {
    const words = text.split(/(?<= )/);
    for (const w of words) {
      if (stop.aborted) throw stop.reason;
      sink.text(w);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
