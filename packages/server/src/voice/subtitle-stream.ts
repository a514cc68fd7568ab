import type { SubtitleLine } from '@rtc-openapi/api';

/** Where a sentence ends: . ! ? and their full-width forms, and a newline. */
const SENTENCE_END = /[.!?。！？\n]/;

/**
 * Turns streamed text into subtitle lines as it arrives: each delta sends the sentence so far (`definite` false),
 * a sentence end sends the whole sentence with `definite` true, and `end()` closes the turn with `paragraph` true
 * (re-sending the last sentence when it was already complete: same `sequence`, so a client replacing by sequence
 * shows it once).
 */
export class SubtitleStream {
  readonly #userId: string;
  readonly #roundId: number;
  readonly #nextSequence: () => number;
  readonly #emit: (line: SubtitleLine) => void;
  #sentence = '';
  #sequence: number | undefined;
  #last: SubtitleLine | undefined;
  #ended = false;
  /** All the text of the turn. */
  text = '';

  constructor(userId: string, roundId: number, nextSequence: () => number, emit: (line: SubtitleLine) => void) {
    this.#userId = userId;
    this.#roundId = roundId;
    this.#nextSequence = nextSequence;
    this.#emit = emit;
  }

  push(delta: string): void {
    if (this.#ended) return;
    this.text += delta;
    let rest = delta;
    for (;;) {
      const m = SENTENCE_END.exec(rest);
      if (!m) break;
      this.#sentence += rest.slice(0, m.index + 1);
      rest = rest.slice(m.index + 1);
      if (this.#sentence.trim() !== '') this.#send(true, false);
      else this.#sentence = '';
    }
    if (rest !== '') {
      this.#sentence += rest;
      if (this.#sentence.trim() !== '') this.#send(false, false);
    }
  }

  /** A whole text at once (a speech turn): its sentences, the last one with `paragraph`. */
  say(text: string): void {
    this.text += text;
    const sentences = (text.match(/[^.!?。！？\n]*[.!?。！？\n]?/g) ?? []).filter((s) => s.trim() !== '');
    sentences.forEach((s, i) => {
      this.#sentence = s;
      this.#send(true, i === sentences.length - 1);
    });
  }

  /** The turn is over (paragraph). Nothing is sent when the turn said nothing, nor a second time. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#sentence.trim() !== '') this.#send(true, true);
    else if (this.#last) this.#emit((this.#last = { ...this.#last, paragraph: true }));
  }

  #send(definite: boolean, paragraph: boolean): void {
    this.#sequence ??= this.#nextSequence();
    const line: SubtitleLine = {
      text: this.#sentence.trim(),
      language: 'zh',
      userId: this.#userId,
      sequence: this.#sequence,
      definite,
      paragraph,
      roundId: this.#roundId,
    };
    this.#last = line;
    this.#emit(line);
    if (definite) {
      this.#sentence = '';
      this.#sequence = undefined;
    }
  }
}
