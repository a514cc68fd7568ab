import type { Bucket, Slice } from './time-buckets.js';

/**
 * Indicators the server observes itself, from its session records: who was in which room, when, and what they
 * published. Each answers for one bucket; `undefined` means the bucket has nothing to measure (no point).
 */
export type BucketMeasure = (bucket: Bucket) => number | undefined;

const distinct = (slices: readonly Slice[], key: (s: Slice) => string): number => new Set(slices.map(key)).size;

/** Distinct users present at any moment of the bucket. */
export const userCount: BucketMeasure = (b) => distinct(b.slices, (s) => s.span.userId);

/** Distinct room sessions (calls) that had someone in them during the bucket. */
export const roomCount: BucketMeasure = (b) => distinct(b.slices, (s) => s.span.callId);

/** Joins that happened inside the bucket. */
export const joinCount: BucketMeasure = (b) =>
  b.slices.filter((s) => s.span.joinedAt >= b.start && s.span.joinedAt < b.end).length;

/** Distinct users who published audio or video during the bucket. */
export const publishUserCount: BucketMeasure = (b) =>
  distinct(
    b.slices.filter((s) => s.span.streams.some((p) => p.media !== 'data' && p.start <= s.to && p.end >= s.from)),
    (s) => s.span.userId,
  );

/** User minutes in rooms during the bucket (two decimals). */
export const userMinutes: BucketMeasure = (b) => round2(b.slices.reduce((sum, s) => sum + (s.to - s.from), 0) / 60_000);

/** The most sessions open at the same instant inside the bucket. */
export const peakConcurrentUsers: BucketMeasure = (b) => {
  const edges: [number, number][] = [];
  for (const s of b.slices) edges.push([s.from, 1], [s.to, -1]);
  // At the same instant a join counts before a leave: zero-length presence still counts as one.
  edges.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of edges) {
    open += d;
    peak = Math.max(peak, open);
  }
  return peak;
};

/**
 * Joins that succeeded, in percent. The session records hold admitted joins only (a refused token never opens a
 * session), so a bucket with joins answers 100 and one without has no point.
 */
export const joinSuccessRate: BucketMeasure = (b) => (joinCount(b)! > 0 ? 100 : undefined);

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
