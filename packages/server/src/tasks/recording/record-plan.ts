import type { LayoutPeriod, MediaTrack, RenderJob } from '../../media/media-worker.js';
import type { StreamSpan } from '../task-model.js';
import { sameStream, type RecordingSpec } from './recording-spec.js';

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

/**
 * The files of a stopped recording: mixed, one over the whole task; single-stream, one per stream that published,
 * from its first publish to its last unpublish. A file shorter than one frame holds nothing and is not planned.
 */
export function filePlans(spec: RecordingSpec, timeline: readonly StreamSpan[], durationMs: number): FilePlan[] {
  const streams = recordedStreams(spec, timeline);
  const plans: FilePlan[] =
    spec.mode === 'mixed'
      ? [{ streams, from: 0, to: durationMs }]
      : streams.map((s) => ({
          streams: [s],
          from: Math.min(...s.spans.map((span) => span.from)),
          to: Math.max(...s.spans.map((span) => span.to ?? durationMs)),
          single: s,
        }));
  return plans.filter((p) => p.to - p.from >= 1000 / spec.encode.fps);
}

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
    // A single stream's file fills its canvas; a mixed one follows the task's layouts.
    layouts: plan.single ? [] : layoutPeriods(spec),
    tracks,
  };
}

/** The spec's layouts as the renderer takes them: custom regions scaled from their canvas to the output size. */
function layoutPeriods(spec: RecordingSpec): LayoutPeriod[] {
  return (spec.layouts ?? []).map(({ from, layout }) => {
    if (layout.mode === 'grid') return { from };
    const sx = spec.encode.width / layout.canvas.width;
    const sy = spec.encode.height / layout.canvas.height;
    const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
    return {
      from,
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
  });
}
