import type { LiveStream } from './room-presence.js';
import type { StreamSpan } from './task-model.js';

const streamKey = (s: { userId: string; streamType: number }): string => `${s.streamType}\u0000${s.userId}`;

/**
 * Who published what while a task ran: one span per stretch of unchanged media flags of a stream, in ms from the
 * task's start. Fed with samples of live presence; a change closes the stream's open span and opens another.
 */
export class StreamTimeline {
  readonly spans: StreamSpan[];
  readonly #open = new Map<string, StreamSpan>();

  constructor(spans: StreamSpan[] = []) {
    this.spans = spans;
    for (const span of spans) if (span.to === undefined) this.#open.set(streamKey(span), span);
  }

  /** Records what is published at `at`; true when anything changed. */
  observe(live: readonly LiveStream[], at: number): boolean {
    let changed = false;
    const seen = new Set<string>();
    for (const s of live) {
      const key = streamKey(s);
      seen.add(key);
      const open = this.#open.get(key);
      if (open && open.audio === s.audio && open.video === s.video) continue;
      if (open) open.to = at;
      const span: StreamSpan = { userId: s.userId, streamType: s.streamType, audio: s.audio, video: s.video, from: at };
      this.spans.push(span);
      this.#open.set(key, span);
      changed = true;
    }
    for (const [key, open] of this.#open) {
      if (seen.has(key)) continue;
      open.to = at;
      this.#open.delete(key);
      changed = true;
    }
    return changed;
  }

  /** Closes every open span at `at` (the task stopped). */
  close(at: number): void {
    // A span opened after the last sign of life a restart knows of ends where it began.
    for (const open of this.#open.values()) open.to = Math.max(at, open.from);
    this.#open.clear();
  }

  /** Whether any stream is published now. */
  publishing(): boolean {
    return this.#open.size > 0;
  }
}
