import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TaskEventType } from '../../events/event-types.js';
import type { MediaTrack, MediaWorker, RenderJob } from '../../media/media-worker.js';
import type { ObjectLocation, ObjectStore } from '../../storage/object-store.js';
import type { StreamSpan, TaskFile, TaskRow } from '../task-model.js';
import type { TaskFailure, TaskRunner } from '../task-runner.js';
import {
  DEFAULT_MIXED_PATTERN,
  DEFAULT_SINGLE_PATTERN,
  newVid,
  recordFileName,
  type FileNameValues,
} from './record-file-name.js';
import { followsStream, sameStream, type RecordingSpec } from './recording-spec.js';

export interface RecordingRunnerDeps {
  media: MediaWorker;
  storage: ObjectStore;
  /** Where files are rendered before they are stored (on the data directory's file system). */
  workDir: string;
}

/** A followed stream with its spans, its Index and how it is drawn. */
interface RecordedStream {
  userId: string;
  streamType: 0 | 1;
  index: number;
  spans: StreamSpan[];
}

/** One file to make: the streams in it and the stretch of the task it covers (ms from the task's start). */
interface FilePlan {
  streams: RecordedStream[];
  from: number;
  to: number;
  /** The single stream's values for the file name. */
  single?: RecordedStream;
}

/** The bucket a recording's storage writes to. */
export function bucketOf(spec: RecordingSpec): string {
  return spec.storage.type === 'vod' ? 'vod' : spec.storage.bucket;
}

/** Cloud recording on the task engine: mixed (one file) or single-stream (a file per stream), MP4. */
export class RecordingRunner implements TaskRunner {
  readonly kind = 'record' as const;
  readonly events = { started: TaskEventType.RecordStarted, stopped: TaskEventType.RecordStopped };
  readonly #deps: RecordingRunnerDeps;

  constructor(deps: RecordingRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    const s = spec as RecordingSpec;
    return { maxIdleMs: s.maxIdleSeconds * 1000, maxRunMs: s.maxRecordSeconds * 1000 };
  }

  follows(spec: unknown, stream: { userId: string; streamType: number }): boolean {
    return followsStream(spec as RecordingSpec, stream);
  }

  async prepare(row: TaskRow): Promise<void> {
    try {
      await this.#deps.media.check();
    } catch (error) {
      throw new Error('the media worker cannot run on this server', { cause: error });
    }
    const bucket = bucketOf(row.spec as RecordingSpec);
    try {
      await this.#deps.storage.checkBucket(bucket);
    } catch (error) {
      throw new Error(`the storage bucket ${bucket} cannot be written`, { cause: error });
    }
  }

  async finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]> {
    const spec = row.spec as RecordingSpec;
    const durationMs = Math.max(0, row.endTime - row.startTime);
    const streams = recordedStreams(spec, row.timeline);
    const plans: FilePlan[] =
      spec.mode === 'mixed'
        ? [{ streams, from: 0, to: durationMs }]
        : streams.map((s) => ({
            streams: [s],
            from: Math.min(...s.spans.map((span) => span.from)),
            to: Math.max(...s.spans.map((span) => span.to ?? durationMs)),
            single: s,
          }));
    await mkdir(this.#deps.workDir, { recursive: true });
    const files: TaskFile[] = [];
    // A file shorter than one frame holds nothing: it is not made.
    for (const plan of plans.filter((p) => p.to - p.from >= 1000 / spec.encode.fps)) {
      files.push(await this.#makeFile(row, spec, plan, signal));
    }
    return files;
  }

  startedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: row.roomId,
      TaskId: row.taskId,
      Code: failure ? 1 : 0,
      ErrorMessage: failure?.message ?? '',
    };
  }

  stoppedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return { ...this.startedEventData(row, failure), StopReason: row.stopReason, RecordFileList: row.files };
  }

  async #makeFile(row: TaskRow, spec: RecordingSpec, plan: FilePlan, signal: AbortSignal): Promise<TaskFile> {
    const { media, storage, workDir } = this.#deps;
    const output = join(workDir, `${randomUUID()}.mp4`);
    const durationMs = plan.to - plan.from;
    try {
      try {
        await media.render(renderJob(spec, plan, output), signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new Error('rendering the recording failed', { cause: error });
      }
      const probed = await media.probe(output, signal);
      const values: FileNameValues = {
        taskId: row.taskId,
        roomId: row.roomId,
        ...(plan.single && { userId: plan.single.userId, streamType: plan.single.streamType }),
        startTime: row.startTime + plan.from,
        durationMs,
      };
      const pattern = spec.naming.pattern ?? (plan.single ? DEFAULT_SINGLE_PATTERN : DEFAULT_MIXED_PATTERN);
      const name = recordFileName(pattern, values, 'mp4');
      const vid = spec.storage.type === 'vod' ? newVid() : undefined;
      const location: ObjectLocation =
        spec.storage.type === 'vod'
          ? { bucket: 'vod', key: `${spec.storage.space}/${vid}/${name}` }
          : { bucket: spec.storage.bucket, key: spec.naming.prefix + name };
      let size: number;
      try {
        ({ size } = await storage.put(location, output));
      } catch (error) {
        throw new Error(`storing the file in bucket ${location.bucket} failed`, { cause: error });
      }
      return {
        ...(vid ? { Vid: vid } : { ObjectKey: location.key }),
        Duration: probed.durationMs,
        Size: size,
        StartTime: values.startTime,
        StreamList: plan.streams.map((s) => ({ UserId: s.userId, Index: s.index, StreamType: s.streamType })),
        ...(probed.audioCodec && { AudioCodec: probed.audioCodec }),
        ...(probed.videoCodec && { VideoCodec: probed.videoCodec }),
        ...(probed.width !== undefined && { VideoWidth: probed.width }),
        ...(probed.height !== undefined && { VideoHeight: probed.height }),
      };
    } finally {
      await rm(output, { force: true });
    }
  }
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

function renderJob(spec: RecordingSpec, plan: FilePlan, output: string): RenderJob {
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
    width: spec.encode.width,
    height: spec.encode.height,
    fps: spec.encode.fps,
    gopSeconds: spec.encode.gopSeconds,
    videoCodec: spec.encode.videoCodec,
    videoKbps: spec.encode.videoKbps,
    audioKbps: spec.encode.audioKbps,
    sampleRate: spec.encode.sampleRate,
    channels: spec.encode.channels,
    audioOnly: spec.audioOnly,
    background: spec.background,
    tracks,
  };
}
