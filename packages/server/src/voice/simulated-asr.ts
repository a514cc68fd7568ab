import type { AgentSpec } from './agent-spec.js';
import type { Conversation } from './conversation.js';
import { SpeechRate, type AgentTimers } from './speech-timing.js';
import { SubtitleStream } from './subtitle-stream.js';
import type { VoiceOutput } from './voice-output.js';

/**
 * The stand-in for speech recognition (docs/voice-agent.md): a room client "says" text (a `spch` frame); the agent
 * hears it a word every SpeechRate.asrMsPerWord of task time, sending the user's subtitles as words arrive. With
 * TurnDetectionMode 0 the turn starts after VADConfig.SilenceTime of silence; with 1 it waits for
 * FinishSpeechRecognition. Speech that starts while the agent is busy interrupts it (barge-in) when
 * Config.InterruptMode is 0 and InterruptConfig allows (long enough, a keyword when keywords are set); otherwise
 * the agent does not listen while it talks and the speech is not heard.
 */
export class SimulatedAsr {
  readonly #spec: AgentSpec;
  readonly #conversation: Conversation;
  readonly #out: VoiceOutput;
  readonly #timers: AgentTimers;
  #chain: Promise<void> = Promise.resolve();
  /** Mode 1: what was heard since the last turn, and its subtitles. */
  #heard = '';
  #subs: SubtitleStream | undefined;
  #cancelSilence: (() => void) | undefined;
  #closed = false;

  constructor(deps: { spec: AgentSpec; conversation: Conversation; output: VoiceOutput; timers: AgentTimers }) {
    this.#spec = deps.spec;
    this.#conversation = deps.conversation;
    this.#out = deps.output;
    this.#timers = deps.timers;
  }

  /** One utterance; utterances are heard one after another. */
  hear(text: string): void {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    this.#chain = this.#chain.then(() => this.#hear(words));
  }

  /** FinishSpeechRecognition: with TurnDetectionMode 1, what was heard becomes the user's turn now. */
  finish(): boolean {
    if (this.#spec.asr.turnDetection !== 1 || this.#heard === '') return false;
    this.#endTurn();
    return true;
  }

  close(): void {
    this.#closed = true;
    this.#cancelSilence?.();
  }

  async #hear(words: string[]): Promise<void> {
    if (this.#closed) return;
    const asr = this.#spec.asr;
    if (this.#conversation.busy) {
      const long = words.length * SpeechRate.asrMsPerWord >= asr.interruptSpeechMs;
      const keyword =
        asr.interruptKeywords.length === 0 || asr.interruptKeywords.some((k) => words.join(' ').includes(k));
      if (!this.#spec.voiceInterrupt || !long || !keyword) return;
      this.#conversation.interrupt();
    }
    this.#cancelSilence?.();
    this.#subs ??= new SubtitleStream(
      this.#spec.targetUserId,
      this.#conversation.nextRound,
      this.#conversation.nextSequence,
      (line) => this.#out.subtitle(line),
    );
    for (const word of words) {
      await new Promise<void>((resolve) => this.#timers.after(SpeechRate.asrMsPerWord, resolve));
      if (this.#closed) return;
      this.#subs.push(this.#heard === '' ? word : ` ${word}`);
      this.#heard += this.#heard === '' ? word : ` ${word}`;
    }
    if (asr.turnDetection === 0) this.#cancelSilence = this.#timers.after(asr.silenceMs, () => this.#endTurn());
  }

  #endTurn(): void {
    this.#cancelSilence = undefined;
    const text = this.#heard;
    this.#subs?.end();
    this.#subs = undefined;
    this.#heard = '';
    if (text !== '' && !this.#closed) this.#conversation.userTurn(text, 1);
  }
}
