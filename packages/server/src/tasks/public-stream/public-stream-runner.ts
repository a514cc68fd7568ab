import type { EncodeSettings } from '../../media/media-worker.js';
import { followsStream, type RecordingLayout, type StreamRef } from '../recording/recording-spec.js';
import type { RoomPresence } from '../room-presence.js';
import { statusOf, type TaskFile, type TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskFailure, TaskRunner } from '../task-runner.js';
import type { TaskStore } from '../task-store.js';

/** A public stream's parameters (providers/public-stream reads every version into it). */
export interface PublicStreamSpec {
  /** The room its TargetStreams name (one room: docs/tasks.md). */
  roomId: string;
  maxIdleSeconds: number;
  encode: EncodeSettings;
  background: string;
  layout: RecordingLayout;
  /** Empty: every stream of the room. */
  targets: StreamRef[];
  excludes: StreamRef[];
  /** 0 transcode (the mix), 1 remux of its one target stream. */
  transcodeMode: 0 | 1;
}

/** Public streams are keyed by AppId and PublicStreamId alone: their key's RoomId is this. */
export const PUBLIC_STREAM_ROOM = '';

export const publicStreamKey = (appId: string, publicStreamId: string) => ({
  appId,
  roomId: PUBLIC_STREAM_ROOM,
  taskId: publicStreamId,
});

/**
 * Public (WTN) streams on the task engine: the stream exists while its task runs, following its room's streams with
 * the same idle rule and Transcode* callbacks as CDN pushes. No media is rendered for it: this server has no media
 * plane its subscribers could play (docs/tasks.md); room clients see its state and what it carries.
 */
export class PublicStreamRunner implements TaskRunner {
  readonly kind = 'public-stream' as const;
  readonly events: TaskRunner['events'] = {
    started: { name: 'TranscodeStarted', data: (row, failure) => this.startedEventData(row, failure) },
    stopped: { name: 'TranscodeStopped', data: (row, failure) => this.stoppedEventData(row, failure) },
  };

  limits(spec: unknown) {
    return { maxIdleMs: (spec as PublicStreamSpec).maxIdleSeconds * 1000, maxRunMs: 0 };
  }

  roomOf(spec: unknown): string {
    return (spec as PublicStreamSpec).roomId;
  }

  follows(spec: unknown, stream: { userId: string; streamType: number }): boolean {
    return followsStream(spec as PublicStreamSpec, stream);
  }

  async prepare(): Promise<void> {}

  live(ctx: LiveTaskContext): LiveTask {
    return {
      updated: () => ctx.emit('TranscodeUpdated', { ...this.#base(ctx.row), Code: 0, ErrorMessage: '' }),
      stop: async () => {},
    };
  }

  async finish(row: TaskRow): Promise<TaskFile[]> {
    return row.files;
  }

  startedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return { ...this.#base(row), Code: failure ? 1 : 0, ErrorMessage: failure?.message ?? '' };
  }

  stoppedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return { ...this.startedEventData(row, failure), StopReason: row.stopReason };
  }

  #base(row: TaskRow): Record<string, unknown> {
    return {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: (row.spec as PublicStreamSpec).roomId,
      TaskId: row.taskId,
      PublicStreamId: row.taskId,
    };
  }
}

/** What a room client's `getPublicStream` answers: the task's Status, its room, the streams it carries now. */
export function publicStreamLookup(store: Pick<TaskStore, 'get'>, presence: RoomPresence, runner: PublicStreamRunner) {
  return (appId: string, publicStreamId: string) => {
    const row = store.get('public-stream', publicStreamKey(appId, publicStreamId));
    if (!row) return undefined;
    const spec = row.spec as PublicStreamSpec;
    const streams =
      row.phase === 'running'
        ? presence
            .publishedStreams(appId, spec.roomId)
            .filter((s) => runner.follows(spec, s))
            .map((s) => ({ userId: s.userId, stream: s.streamType === 1 ? ('screen' as const) : ('main' as const) }))
        : [];
    return { status: statusOf(row.phase), roomId: spec.roomId, streams };
  };
}
