import type { QueryWindow } from './query-window.js';
import type { SessionSpan } from './session-spans.js';

/** A session's presence inside one bucket: [from, to). */
export interface Slice {
  span: SessionSpan;
  from: number;
  to: number;
}

/** One point of a series: a time range and the session presence inside it. */
export interface Bucket {
  start: number;
  end: number;
  slices: Slice[];
}

export const MINUTE_MS = 60_000;

/** The most points one series may hold (a 30-day window at 1 h would be 720). */
export const MAX_BUCKETS = 1_000;

/**
 * Cuts the window into buckets of `stepMs` aligned on UTC multiples of the step (5-minute points start at :00,
 * :05, ...; daily points at 00:00 UTC), the first one holding the window's start, and places each session's
 * presence in the buckets it overlaps (clipped to the window too).
 */
export function bucketsOf(spans: readonly SessionSpan[], w: QueryWindow, stepMs: number): Bucket[] {
  const first = Math.floor(w.start / stepMs) * stepMs;
  const count = Math.min(MAX_BUCKETS, Math.max(1, Math.ceil((w.end - first) / stepMs)));
  const buckets: Bucket[] = [];
  for (let i = 0; i < count; i++)
    buckets.push({ start: first + i * stepMs, end: first + (i + 1) * stepMs, slices: [] });
  for (const span of spans) {
    const from = Math.max(span.joinedAt, w.start);
    const to = Math.min(span.leftAt, w.end);
    if (to < from) continue;
    const firstIndex = Math.min(count - 1, Math.max(0, Math.floor((from - first) / stepMs)));
    for (let i = firstIndex; i < count; i++) {
      const b = buckets[i]!;
      if (i > firstIndex && b.start >= to) break;
      b.slices.push({ span, from: Math.max(from, b.start), to: Math.min(to, b.end) });
    }
  }
  return buckets;
}

/** The whole window as one bucket: what an overview summarises. */
export function wholeWindow(spans: readonly SessionSpan[], w: QueryWindow): Bucket {
  const slices: Slice[] = [];
  for (const span of spans) {
    const from = Math.max(span.joinedAt, w.start);
    const to = Math.min(span.leftAt, w.end);
    if (to >= from) slices.push({ span, from, to });
  }
  return { start: w.start, end: w.end, slices };
}
