import type { MediaWorker } from '../../media/media-worker.js';
import type { OutboundCheck } from '../../net/guarded-fetch.js';
import type { PushStats } from '../../media/rtmp-push.js';
import { followsStream } from '../recording/recording-spec.js';
import type { TaskFile, TaskKey, TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskFailure, TaskRunner } from '../task-runner.js';
import { PushSession, PushStreamState, type PushStreamStateCode } from './push-session.js';
import type { PushSpec } from './push-spec.js';

export interface PushRunnerDeps {
  media: Pick<MediaWorker, 'check'>;
  /** The ffmpeg executable (resolved when a push starts). */
  ffmpeg: () => string;
  font: string | undefined;
  /** The operator's fetch policy, applied to PushURL's host before the push starts. */
  checkUrl?: OutboundCheck;
  /** Reconnections before a push fails; default 3. */
  retries?: number;
  /** Task-time ms between attempts; default 2000. */
  retryDelayMs?: number;
}

const keyOf = (k: TaskKey): string => `${k.appId}\u0000${k.roomId}\u0000${k.taskId}`;

/**
 * CDN pushes (mixed and single) on the task engine: while the task runs its live session really pushes the room over
 * RTMP; the Transcode* callbacks tell its life. Nothing is stored: a push makes no files.
 */
export class PushRunner implements TaskRunner {
  readonly kind = 'push' as const;
  readonly events: TaskRunner['events'] = {
    started: { name: 'TranscodeStarted', data: (row, failure) => this.startedEventData(row, failure) },
    stopped: { name: 'TranscodeStopped', data: (row, failure) => this.stoppedEventData(row, failure) },
  };
  readonly #deps: PushRunnerDeps;
  readonly #sessions = new Map<string, { session: PushSession; ctx: LiveTaskContext }>();

  constructor(deps: PushRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    return { maxIdleMs: (spec as PushSpec).maxIdleSeconds * 1000, maxRunMs: 0 };
  }

  follows(spec: unknown, stream: { userId: string; streamType: number }): boolean {
    return followsStream(spec as PushSpec, stream);
  }

  async prepare(row: TaskRow): Promise<void> {
    try {
      await this.#deps.media.check();
      this.#deps.ffmpeg();
    } catch (error) {
      throw new Error('the media worker cannot run on this server', { cause: error });
    }
    // The URL may carry a stream key: the refusal names the host only.
    await this.#deps.checkUrl?.((row.spec as PushSpec).pushUrl);
  }

  live(ctx: LiveTaskContext): LiveTask {
    const row = ctx.row;
    const session = new PushSession(ctx, {
      ffmpeg: this.#deps.ffmpeg(),
      font: this.#deps.font,
      retries: this.#deps.retries ?? 3,
      retryDelayMs: this.#deps.retryDelayMs ?? 2000,
      pollMs: 100,
      eventBase: () => this.#base(row),
    });
    const id = keyOf(row);
    this.#sessions.set(id, { session, ctx });
    return {
      updated: (spec) => {
        session.updated(spec);
        ctx.emit('TranscodeUpdated', { ...this.#base(row), Code: 0, ErrorMessage: '' });
      },
      stop: async () => {
        await session.stop();
        if (this.#sessions.get(id)?.session === session) this.#sessions.delete(id);
      },
    };
  }

  /** PushStreamState of a running task (research 2); `undefined` when it has no live session (yet). */
  pushState(key: TaskKey): PushStreamStateCode | undefined {
    return this.#sessions.get(keyOf(key))?.session.state;
  }

  /** What a running push has sent so far (the benchmark reads it). */
  stats(key: TaskKey): PushStats | undefined {
    return this.#sessions.get(keyOf(key))?.session.stats;
  }

  /** A Start of a running task: it goes on as it is, and says so with TranscodeStarted and TranscodeUpdated. */
  startedAgain(key: TaskKey): void {
    const live = this.#sessions.get(keyOf(key));
    if (!live) return;
    const base = { ...this.#base(live.ctx.row), Code: 0, ErrorMessage: '' };
    live.ctx.emit('TranscodeStarted', base);
    live.ctx.emit('TranscodeUpdated', base);
  }

  async finish(row: TaskRow): Promise<TaskFile[]> {
    return row.files;
  }

  startedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return { ...this.#base(row), Code: failure ? 1 : 0, ErrorMessage: failure?.message ?? '' };
  }

  stoppedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return {
      ...this.startedEventData(row, failure),
      StopReason: row.stopReason,
      PushStreamState: failure ? PushStreamState.Unknown : PushStreamState.Stopped,
    };
  }

  #base(row: TaskRow): Record<string, unknown> {
    const spec = row.spec as PushSpec;
    return {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: row.roomId,
      TaskId: row.taskId,
      PushType: spec.mode === 'mixed' ? 'Mixed' : 'Single',
    };
  }
}
