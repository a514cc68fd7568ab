import { SLICE_FORMAT, type AudioSlicer } from '../../media/audio-slicer.js';
import { toneOf } from '../../media/render-graph.js';
import { PeriodicWork } from '../periodic-work.js';
import type { LiveStream } from '../room-presence.js';
import { StreamIndexes } from '../stream-indexes.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskRunner } from '../task-runner.js';
import { checkTool, storedWhere, type TaskFiles } from '../task-storage.js';
import { followsAudio, type SegmentSpec } from './segment-spec.js';

export interface SegmentRunnerDeps {
  slicer: AudioSlicer;
  files: TaskFiles;
}

/** The callback sent for each stored slice (catalog 4.5). */
export const SEGMENT_EVENT = 'SegmentRealTimeData';

/** The UserId of the mix's slices (research 3.4). */
export const MIXED_USER = 'mixed';

/** How often, within a slice, who publishes audio is sampled (wall ms). */
const SAMPLE_MS = 100;

/** One slice to make: a stream's (or the mix's) audio over the period just ended. */
interface SliceJob {
  userId: string;
  streamType: number;
  index?: number;
  tones: number[];
}

/** The live state of one segment task. */
class SliceState {
  /** The streams heard publishing audio since the last cut. */
  heard = new Map<string, LiveStream>();
  /** Wall ms of the last cut (the current period's start). */
  lastCut = Date.now();
  made = 0;
  readonly sequences = new Map<string, number>();

  hear(streams: readonly LiveStream[]): void {
    for (const s of streams) this.heard.set(`${s.streamType}\u0000${s.userId}`, s);
  }

  /** The streams heard in the period that ends now; the next period starts with those publishing now. */
  cut(now: readonly LiveStream[]): LiveStream[] {
    this.hear(now);
    const heard = [...this.heard.values()];
    this.heard = new Map();
    this.hear(now);
    this.lastCut = Date.now();
    return heard;
  }

  nextSequence(userId: string): number {
    const n = (this.sequences.get(userId) ?? 0) + 1;
    this.sequences.set(userId, n);
    return n;
  }
}

/**
 * Audio segments on the task engine: while the task runs and Handle is on, every Duration (task time) a slice of
 * each followed stream heard publishing audio in that period (and, with Control.Mixed, of the mix), stored and told
 * with one SegmentRealTimeData each. No started or stopped callback is documented for segments.
 */
export class SegmentRunner implements TaskRunner {
  readonly kind = 'segment' as const;
  readonly events = {};
  readonly #deps: SegmentRunnerDeps;

  constructor(deps: SegmentRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    return { maxIdleMs: (spec as SegmentSpec).maxIdleSeconds * 1000, maxRunMs: 0 };
  }

  follows(spec: unknown, stream: LiveStream): boolean {
    return followsAudio((spec as SegmentSpec).targets, stream);
  }

  async prepare(row: TaskRow): Promise<void> {
    await checkTool(this.#deps.slicer, 'the audio slicer');
    await this.#deps.files.checkWritable((row.spec as SegmentSpec).storage);
  }

  live(context: LiveTaskContext): LiveTask {
    let spec = context.spec() as SegmentSpec;
    const state = new SliceState();
    state.hear(context.followed());
    const indexes = new StreamIndexes(spec.targets);
    const every = () => context.scale.wallMs((context.spec() as SegmentSpec).durationSeconds * 1000);
    const work = new PeriodicWork(context, every, () => this.#round(context, state, indexes), every());
    const sampler = setInterval(() => state.hear(context.followed()), SAMPLE_MS);
    sampler.unref();
    context.signal.addEventListener('abort', () => clearInterval(sampler), { once: true });
    return {
      updated(next) {
        const before = spec;
        spec = next as SegmentSpec;
        // A new Duration starts the slice timer again (catalog); so does turning Handle back on (our choice).
        if (spec.durationSeconds !== before.durationSeconds || (spec.handle && !before.handle)) {
          state.cut(context.followed());
          work.restart();
        }
      },
      stop: async () => {
        clearInterval(sampler);
        await work.stop();
      },
    };
  }

  /** One period's slices; a failure ends the task failed (UnknownStopReason). */
  async #round(context: LiveTaskContext, state: SliceState, indexes: StreamIndexes): Promise<void> {
    const spec = context.spec() as SegmentSpec;
    const periodStart = state.lastCut;
    const heard = state.cut(context.followed());
    if (!spec.handle) return;
    const overlapMs = state.made > 0 ? spec.control.redundantMs : 0;
    const durationMs = spec.durationSeconds * 1000 + overlapMs;
    const startTime = Math.round(periodStart - context.scale.wallMs(overlapMs));
    const jobs: SliceJob[] = heard.map((s) => {
      const index = indexes.of(s);
      return { userId: s.userId, streamType: s.streamType, index, tones: [toneOf(index)] };
    });
    if (spec.control.mixed) {
      const tones = jobs.flatMap((j) => j.tones);
      if (tones.length > 0 || !spec.control.ignoreSilence) jobs.push({ userId: MIXED_USER, streamType: 0, tones });
    }
    state.made += 1;
    try {
      await Promise.all(jobs.map((job) => this.#slice(context, spec, state, job, startTime, durationMs)));
    } catch (error) {
      if (context.signal.aborted) return;
      context.end('UnknownStopReason', { message: (error as Error).message });
    }
  }

  async #slice(
    context: LiveTaskContext,
    spec: SegmentSpec,
    state: SliceState,
    job: SliceJob,
    startTime: number,
    durationMs: number,
  ): Promise<void> {
    const { row } = context;
    const sequence = state.nextSequence(job.userId);
    // Documented: Identifier + UserId + timestamp + sequence (the separators are ours).
    const name = `${spec.identifier}_${job.userId}_${startTime}_${sequence}.${SLICE_FORMAT.extension}`;
    const slice = (output: string) => this.#deps.slicer.slice({ output, durationMs, tones: job.tones }, context.signal);
    const stored = await this.#deps.files.makeAndStore(spec.storage, name, 'a slice', slice, context.signal);
    if (!stored) return;
    const where = storedWhere(stored);
    const stream = {
      UserId: job.userId,
      StreamType: job.streamType,
      ...(job.index !== undefined && { Index: job.index }),
    };
    const file: TaskFile = {
      ...where,
      Duration: durationMs,
      Size: stored.size,
      StartTime: startTime,
      StreamList: job.index === undefined ? [] : [{ UserId: job.userId, Index: job.index, StreamType: job.streamType }],
      AudioCodec: SLICE_FORMAT.codec,
    };
    context.addFile(file);
    context.emit(SEGMENT_EVENT, {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: row.roomId,
      TaskId: row.taskId,
      Identifier: spec.identifier,
      ...stream,
      Sequence: sequence,
      StartTime: startTime,
      Duration: durationMs,
      Format: SLICE_FORMAT.extension,
      SampleRate: SLICE_FORMAT.sampleRate,
      Channels: SLICE_FORMAT.channels,
      Size: stored.size,
      Bucket: stored.bucket,
      ...where,
    });
  }

  async finish(row: TaskRow): Promise<TaskFile[]> {
    return row.files;
  }
}
