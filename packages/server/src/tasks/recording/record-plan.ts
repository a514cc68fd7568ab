import type { LayoutPeriod, MediaTrack, RenderJob } from '../../media/media-worker.js';
import type { StreamSpan } from '../task-model.js';
import { sameStream, type RecordingLayout, type RecordingSpec } from './recording-spec.js';

/** A followed stream with its spans and its Index. */
export interface RecordedStream {
  userId: string;
  streamType: 0 | 1;
  index: number;
  spans: StreamSpan[];
}

/** One file to make: the streams in it and the stretch of the task it covers (ms from the task's start). */
export interface FilePlan {
  streams: RecordedStream[];
  from: number;
  to: number;
  /** The single stream's values for the file name. */
  single?: RecordedStream;
}

/** Where a recording's files are cut, in wall-clock ms (the task clock's limits, scaled: docs/tasks.md). */
export interface SplitPoints {
  /** A file is at most this long (the service's 4-hour split). */
  maxFileMs: number;
  /** Single-stream: a stream that stayed unpublished longer than this starts a new file (MaxSilenceSeconds). */
  silenceMs: number;
}

/** A file is cut after 4 hours of task time (research 1.1: "longer than about 4 h is split"). */
export const MAX_FILE_TASK_MS = 4 * 3600 * 1000;

/**
 * The files of a stopped recording: mixed, the whole task; single-stream, per stream that published, each stretch
 * from a publish to the unpublish after which it stayed away longer than `silenceMs` (or its last). Every file is
 * cut into pieces of at most `maxFileMs`. A file shorter than one frame holds nothing and is not planned.
 */
export function filePlans(
  spec: RecordingSpec,
  timeline: readonly StreamSpan[],
  durationMs: number,
  splits: SplitPoints,
): FilePlan[] {
  const streams = recordedStreams(spec, timeline);
  const plans: FilePlan[] =
    spec.mode === 'mixed'
      ? cut(0, durationMs, splits.maxFileMs).map(([from, to]) => ({
          streams: streams.filter((s) => s.spans.some((span) => overlaps(span, from, to, durationMs))),
          from,
          to,
        }))
      : streams.flatMap((s) =>
          stretches(s.spans, durationMs, splits.silenceMs).flatMap(([first, last]) =>
            cut(first, last, splits.maxFileMs).map(([from, to]) => ({ streams: [s], from, to, single: s })),
          ),
        );
  return plans.filter((p) => p.to - p.from >= 1000 / spec.encode.fps);
}

/** [from, to) in pieces of at most `size` ms. */
function cut(from: number, to: number, size: number): [number, number][] {
  const pieces: [number, number][] = [];
  const step = Math.max(1, size);
  for (let at = from; at < to; at += step) pieces.push([at, Math.min(to, at + step)]);
  return pieces;
}

/** A stream's published stretches: spans joined unless the gap between them is longer than `silenceMs`. */
function stretches(spans: readonly StreamSpan[], durationMs: number, silenceMs: number): [number, number][] {
  const out: [number, number][] = [];
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    const to = span.to ?? durationMs;
    const last = out.at(-1);
    if (last && span.from - last[1] <= silenceMs) last[1] = Math.max(last[1], to);
    else out.push([span.from, to]);
  }
  return out;
}

const overlaps = (span: StreamSpan, from: number, to: number, durationMs: number): boolean =>
  span.from < to && (span.to ?? durationMs) > from;

/**
 * The followed streams that published anything, in order of first appearance; each keeps the Index the caller gave
 * it in TargetStreams, the others take the lowest free ones.
 */
function recordedStreams(spec: RecordingSpec, timeline: readonly StreamSpan[]): RecordedStream[] {
  const streams: RecordedStream[] = [];
  for (const span of timeline) {
    if (!span.audio && !span.video) continue;
    let stream = streams.find((s) => sameStream(s, span));
    if (!stream) {
      const named = spec.targets.find((t) => sameStream(t, span));
      stream = { userId: span.userId, streamType: span.streamType, index: named?.index ?? -1, spans: [] };
      streams.push(stream);
    }
    stream.spans.push(span);
  }
  const taken = new Set(streams.map((s) => s.index));
  let next = 0;
  for (const s of streams) {
    if (s.index >= 0) continue;
    while (taken.has(next)) next++;
    s.index = next;
    taken.add(next);
  }
  return streams;
}

export function renderJob(spec: RecordingSpec, plan: FilePlan, output: string): RenderJob {
  const durationMs = plan.to - plan.from;
  const tracks: MediaTrack[] = plan.streams.map((s) => ({
    label: `${s.userId} ${s.streamType === 1 ? 'screen' : 'camera'}`,
    index: s.index,
    spans: s.spans
      .map((span) => ({
        from: Math.max(0, span.from - plan.from),
        to: Math.min(durationMs, (span.to ?? plan.to) - plan.from),
        audio: span.audio,
        video: span.video,
      }))
      .filter((span) => span.to > span.from),
  }));
  return {
    output,
    durationMs,
    ...spec.encode,
    audioOnly: spec.audioOnly,
    background: spec.background,
    // A single stream's file fills its canvas; a mixed one follows the task's layouts (from the file's start).
    layouts: plan.single ? [] : layoutPeriods(spec, plan),
    tracks,
  };
}

/**
 * The spec's layouts over the plan's stretch, as the renderer takes them (times from the file's start): custom
 * regions scaled from their canvas to the output size, the main stream of LayoutMode 1 and 3 by its Index.
 */
function layoutPeriods(spec: RecordingSpec, plan: FilePlan): LayoutPeriod[] {
  const periods = (spec.layouts ?? []).map(({ from, layout }) => ({ from, period: periodOf(spec, plan, layout) }));
  // The one in force at the file's start begins with it; the later ones shift by the file's start.
  const startIndex = periods.reduce((found, p, i) => (p.from <= plan.from ? i : found), -1);
  return periods
    .map(({ from, period }, i) => ({ ...period, from: i === startIndex ? 0 : from - plan.from }))
    .filter((p, i) => i >= startIndex && p.from >= 0 && p.from < plan.to - plan.from);
}

function periodOf(spec: RecordingSpec, plan: FilePlan, layout: RecordingLayout): Omit<LayoutPeriod, 'from'> {
  if (layout.mode === 'grid') return {};
  if (layout.mode !== 'custom') {
    const main = layout.main ? plan.streams.find((s) => sameStream(s, layout.main!))?.index : layout.mainIndex;
    return { featured: { mode: layout.mode, ...(main !== undefined && { mainIndex: main }) } };
  }
  const sx = spec.encode.width / layout.canvas.width;
  const sy = spec.encode.height / layout.canvas.height;
  const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
  return {
    regions: layout.regions.map((r) => ({
      index: r.streamIndex,
      x: Math.round(r.x * sx),
      y: Math.round(r.y * sy),
      width: Math.min(even(r.width * sx), even(spec.encode.width - Math.round(r.x * sx))),
      height: Math.min(even(r.height * sy), even(spec.encode.height - Math.round(r.y * sy))),
      zOrder: r.zOrder,
      alpha: r.alpha,
    })),
  };
}
