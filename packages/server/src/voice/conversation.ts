import type { Logger } from 'pino';
import type { AgentSpec } from './agent-spec.js';
import { LlmErrorCode, ModelError, type ChatMessage, type ChatModel, type ToolCall } from './chat-model.js';
import { SpeechRate, SpokenLength, type AgentTimers } from './speech-timing.js';
import { SubtitleStream } from './subtitle-stream.js';
import type { RuntimeError, VoiceOutput } from './voice-output.js';

/** UpdateVoiceChat InterruptMode: 1 now (interrupting), 2 after the current turn, 3 only when idle. */
export type Priority = 1 | 2 | 3;

/** Why a turn was cut short. */
export class TurnCut extends Error {
  constructor(readonly why: 'interrupt' | 'stopped') {
    super(`the turn was cut: ${why}`);
  }
}

/** Function-calling failures (catalog 3.3). */
export const FunctionCallCode = { RequestFailed: 1004006, Non2xx: 1004007 } as const;
/** A model that keeps asking for calls ends its turn after this many passes (our choice). */
const MAX_TOOL_PASSES = 8;

interface Turn {
  round: number;
  abort: AbortController;
  tools?: { waiting: Map<string, string | undefined>; done: (answers: Map<string, string>) => void };
}

/**
 * The agent's turns: one at a time, each a round (RoundID from 0). A user turn asks the model with the system
 * messages, the last HistoryLength turns and the user's words, streams the answer into subtitles as it arrives,
 * runs function calls, and "speaks" for as long as the text takes to say; a speech turn only speaks. Stages go to
 * VoiceOutput: thinking, speaking, finished then listening; interrupted when cut.
 */
export class Conversation {
  readonly #spec: AgentSpec;
  readonly #model: ChatModel;
  readonly #out: VoiceOutput;
  readonly #timers: AgentTimers;
  readonly #logger: Logger | undefined;
  #round = -1;
  #sequence = 0;
  readonly #history: ChatMessage[][] = [];
  readonly #prompts: string[] = [];
  #current: Turn | undefined;
  readonly #queue: (() => void)[] = [];
  #closed = false;

  constructor(deps: { spec: AgentSpec; model: ChatModel; output: VoiceOutput; timers: AgentTimers; logger?: Logger }) {
    this.#spec = deps.spec;
    this.#model = deps.model;
    this.#out = deps.output;
    this.#timers = deps.timers;
    this.#logger = deps.logger;
  }

  readonly nextSequence = (): number => this.#sequence++;

  get busy(): boolean {
    return this.#current !== undefined;
  }

  /** The round a turn starting now would get. */
  get nextRound(): number {
    return this.#round + 1;
  }

  /** The agent is in the room and ready: welcome message first, then listening. */
  begin(welcome: string): void {
    if (welcome !== '') this.speak(welcome, 1);
    else this.#out.stage(this.nextRound, 1);
  }

  /** The user's words (ExternalTextToLLM, or recognised speech with priority 1). */
  userTurn(text: string, priority: Priority): 'started' | 'queued' | 'dropped' {
    return this.#schedule(priority, (turn) => this.#runUserTurn(turn, text));
  }

  /** ExternalTextToSpeech (and the welcome message): said as given, without the model. */
  speak(text: string, priority: Priority): 'started' | 'queued' | 'dropped' {
    return this.#schedule(priority, (turn) => this.#runSpeech(turn, text));
  }

  /** ExternalPromptsForLLM: context for the next request (a system message), no reply now. */
  prompt(text: string): void {
    this.#prompts.push(text);
  }

  /** Cuts the current turn (stage interrupted, then listening). False when nothing was under way. */
  interrupt(): boolean {
    if (!this.#cut()) return false;
    if (this.#queue.length === 0) this.#out.stage(this.#round, 1);
    else this.#queue.shift()!();
    return true;
  }

  /** A function call's result (UpdateVoiceChat `function`, a `func` frame). False when no such call is waiting. */
  functionAnswer(toolCallId: string, content: string): boolean {
    const tools = this.#current?.tools;
    if (!tools || !tools.waiting.has(toolCallId) || tools.waiting.get(toolCallId) !== undefined) return false;
    tools.waiting.set(toolCallId, content);
    if ([...tools.waiting.values()].every((v) => v !== undefined)) tools.done(tools.waiting as Map<string, string>);
    return true;
  }

  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#current?.abort.abort(new TurnCut('stopped'));
    this.#current = undefined;
  }

  #schedule(priority: Priority, run: (turn: Turn) => Promise<void>): 'started' | 'queued' | 'dropped' {
    if (this.#closed) return 'dropped';
    const start = (): void => {
      const turn: Turn = { round: ++this.#round, abort: new AbortController() };
      this.#current = turn;
      void run(turn)
        .catch((e: unknown) => this.#logger?.error({ err: e, taskId: this.#spec.taskId }, 'a voice turn failed'))
        .finally(() => {
          if (this.#current !== turn) return;
          this.#current = undefined;
          this.#queue.shift()?.();
        });
    };
    if (!this.#current) {
      start();
      return 'started';
    }
    if (priority === 3) return 'dropped';
    if (priority === 2) {
      this.#queue.push(start);
      return 'queued';
    }
    this.#cut();
    start();
    return 'started';
  }

  /** Aborts the current turn as interrupted: stage 4 at once, so it comes before whatever follows. */
  #cut(): boolean {
    const turn = this.#current;
    if (!turn) return false;
    this.#current = undefined;
    turn.abort.abort(new TurnCut('interrupt'));
    this.#out.stage(turn.round, 4);
    return true;
  }

  async #runSpeech(turn: Turn, text: string): Promise<void> {
    const subs = this.#subtitles(turn.round);
    this.#out.stage(turn.round, 3);
    subs.say(text);
    const spoken = new SpokenLength(this.#spec.ignoreBrackets).count(text);
    try {
      await this.#timers.sleepWall(this.#timers.wallMs(spoken * SpeechRate.ttsMsPerChar), turn.abort.signal);
    } catch {
      return; // cut: its stage was sent by #cut
    }
    this.#finished(turn.round);
  }

  async #runUserTurn(turn: Turn, text: string): Promise<void> {
    const { round, abort } = turn;
    this.#out.stage(round, 2);
    const base = this.#messages();
    const said: ChatMessage[] = [{ role: 'user', content: text }];
    const subs = this.#subtitles(round);
    const spoken = new SpokenLength(this.#spec.ignoreBrackets);
    let speaking = false;
    let speakingUntil = 0;
    let passText = '';
    try {
      for (let pass = 0; ; pass++) {
        let calls: ToolCall[] | undefined;
        passText = '';
        await this.#model.stream(
          [...base, ...said],
          {
            text: (delta) => {
              if (abort.signal.aborted) return;
              passText += delta;
              // The subtitle first: it is what the user waits for; the stage (and its VoiceChat row) follows.
              subs.push(delta);
              if (!speaking) {
                speaking = true;
                this.#out.stage(round, 3);
              }
              const ms = this.#timers.wallMs(spoken.count(delta) * SpeechRate.ttsMsPerChar);
              speakingUntil = Math.max(Date.now(), speakingUntil) + ms;
            },
            toolCalls: (c) => {
              calls = c;
            },
          },
          abort.signal,
        );
        if (!calls || pass >= MAX_TOOL_PASSES) {
          said.push({ role: 'assistant', content: passText });
          break;
        }
        said.push({ role: 'assistant', content: passText || null, tool_calls: calls });
        const answers = await this.#callTools(turn, calls);
        for (const c of calls) said.push({ role: 'tool', tool_call_id: c.id, content: answers.get(c.id)! });
      }
      subs.end();
      await this.#timers.sleepWall(speakingUntil - Date.now(), abort.signal);
    } catch (e) {
      if (e instanceof TurnCut) {
        subs.end();
        if (passText !== '') said.push({ role: 'assistant', content: passText });
        this.#remember(said);
        return;
      }
      subs.end();
      const failure = runtimeError(e);
      this.#out.error(round, failure);
      this.#out.stage(round, 5, failure);
      if (this.#queue.length === 0) this.#out.stage(round, 1);
      return;
    }
    this.#remember(said);
    this.#finished(round);
  }

  /** Sends the calls (a `tool` frame or a POST) and waits for every answer; POST failures end the turn. */
  #callTools(turn: Turn, calls: ToolCall[]): Promise<Map<string, string>> {
    return new Promise((resolve, reject) => {
      const signal = turn.abort.signal;
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      turn.tools = {
        waiting: new Map(calls.map((c) => [c.id, undefined])),
        done: (answers) => {
          signal.removeEventListener('abort', onAbort);
          turn.tools = undefined;
          resolve(answers);
        },
      };
      this.#out.tool({ RoundID: turn.round, tool_calls: calls }, (r) => {
        if (r.ok || signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        turn.tools = undefined;
        const code = r.status === undefined ? FunctionCallCode.RequestFailed : FunctionCallCode.Non2xx;
        reject(new ModelError(code, `the function-calling ServerMessageUrl: ${r.error}`));
      });
    });
  }

  #finished(round: number): void {
    this.#out.stage(round, 5);
    if (this.#queue.length === 0) this.#out.stage(round, 1);
  }

  #subtitles(round: number): SubtitleStream {
    return new SubtitleStream(this.#spec.agentUserId, round, this.nextSequence, (line) => this.#out.subtitle(line));
  }

  /** System messages (with pending ExternalPromptsForLLM), UserPrompts and the last HistoryLength turns. */
  #messages(): ChatMessage[] {
    const llm = this.#spec.llm;
    const system = [...llm.systemMessages, ...this.#prompts.splice(0)].map((content): ChatMessage => ({
      role: 'system',
      content,
    }));
    const prompts = llm.userPrompts.map((p): ChatMessage => ({ role: p.role, content: p.content }));
    return [...system, ...prompts, ...this.#history.flat()];
  }

  #remember(turn: ChatMessage[]): void {
    const keep = this.#spec.llm.historyLength;
    this.#history.push(turn);
    while (this.#history.length > keep) this.#history.shift();
  }
}

function runtimeError(e: unknown): RuntimeError {
  if (e instanceof ModelError) {
    const stage =
      e.code === FunctionCallCode.RequestFailed || e.code === FunctionCallCode.Non2xx ? 'functionCalling' : 'llm';
    return { code: e.code, reason: e.message, stage };
  }
  return { code: LlmErrorCode.Process, reason: 'the answer could not be processed', stage: 'llm' };
}
