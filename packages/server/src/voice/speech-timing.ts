import type { TimeScale } from '../tasks/time-scale.js';

/**
 * Simulated speech (docs/voice-agent.md): no audio flows, so speech takes the time it would take to say. Task
 * time, divided by RTC_TIME_SCALE on the wall clock.
 */
export const SpeechRate = {
  /** The agent's TTS: 70 ms a character (about 150 words a minute of English). */
  ttsMsPerChar: 70,
  /** The stand-in ASR hears 150 words a minute: a word every 400 ms. */
  asrMsPerWord: 400,
} as const;

/** The real service's limit on the LLM's first response (research 4.7). */
export const LLM_FIRST_RESPONSE_MS = 10_000;

/** One agent's timers on the task clock: cleared together when the agent ends. */
export class AgentTimers {
  readonly #scale: TimeScale;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(scale: TimeScale) {
    this.#scale = scale;
  }

  wallMs(taskMs: number): number {
    return this.#scale.wallMs(taskMs);
  }

  /** Runs `fn` after `taskMs` of task time; returns a cancel function. */
  after(taskMs: number, fn: () => void): () => void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, this.#scale.wallMs(taskMs));
    this.#timers.add(t);
    return () => {
      clearTimeout(t);
      this.#timers.delete(t);
    };
  }

  /** Resolves after `wallMs` (already scaled); rejects with the signal's reason when it aborts first. */
  sleepWall(wallMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (wallMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(t);
        this.#timers.delete(t);
        reject(signal.reason as Error);
      };
      const t = setTimeout(() => {
        this.#timers.delete(t);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, wallMs);
      this.#timers.add(t);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  dispose(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}

const BRACKETS: Record<number, [string, string]> = {
  1: ['（', '）'],
  2: ['(', ')'],
  3: ['【', '】'],
  4: ['[', ']'],
  5: ['{', '}'],
};

/**
 * TTSConfig.IgnoreBracketText: counts the characters that would be spoken, skipping text inside the listed
 * bracket kinds; the depth carries over between deltas.
 */
export class SpokenLength {
  readonly #pairs: [string, string][];
  #depth = 0;

  constructor(kinds: readonly number[]) {
    this.#pairs = kinds.map((k) => BRACKETS[k]!).filter(Boolean);
  }

  count(delta: string): number {
    if (this.#pairs.length === 0) return delta.length;
    let n = 0;
    for (const ch of delta) {
      if (this.#pairs.some(([open]) => open === ch)) this.#depth++;
      else if (this.#pairs.some(([, close]) => close === ch)) this.#depth = Math.max(0, this.#depth - 1);
      else if (this.#depth === 0) n++;
    }
    return n;
  }
}
