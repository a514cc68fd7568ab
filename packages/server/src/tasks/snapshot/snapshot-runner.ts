import type { FrameGrabber } from '../../media/frame-grabber.js';
import { recordFileName } from '../recording/record-file-name.js';
import type { LiveStream } from '../room-presence.js';
import { PeriodicWork } from '../periodic-work.js';
import { StreamIndexes } from '../stream-indexes.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskRunner } from '../task-runner.js';
import { checkTool, storedWhere, type TaskFiles } from '../task-storage.js';
import { followsVideo, imageSize, type SnapshotSpec } from './snapshot-spec.js';

export interface SnapshotRunnerDeps {
  grabber: FrameGrabber;
  files: TaskFiles;
}

/** The callback sent for each stored image (catalog 4.5). */
export const SNAPSHOT_EVENT = 'SnapshotRealTimeData';

/** Snapshot object names (our choice; the naming is undocumented): as a single-stream recording's, capture time. */
const SNAPSHOT_PATTERN = '{TaskId}_{RoomId}_{UserId}_{Type}_{StartTime}';

/**
 * Snapshots on the task engine: while the task runs, an image of each followed video stream every Interval (task
 * time), stored and told with one SnapshotRealTimeData each. Snapshots have no started or stopped callback.
 */
export class SnapshotRunner implements TaskRunner {
  readonly kind = 'snapshot' as const;
  readonly events = {};
  readonly #deps: SnapshotRunnerDeps;

  constructor(deps: SnapshotRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    return { maxIdleMs: (spec as SnapshotSpec).maxIdleSeconds * 1000, maxRunMs: 0 };
  }

  follows(spec: unknown, stream: LiveStream): boolean {
    return followsVideo((spec as SnapshotSpec).targets, stream);
  }

  async prepare(row: TaskRow): Promise<void> {
    await checkTool(this.#deps.grabber, 'the frame grabber');
    await this.#deps.files.checkWritable((row.spec as SnapshotSpec).storage);
  }

  live(context: LiveTaskContext): LiveTask {
    const indexes = new StreamIndexes((context.spec() as SnapshotSpec).targets);
    const every = () => context.scale.wallMs((context.spec() as SnapshotSpec).image.intervalSeconds * 1000);
    const work = new PeriodicWork(context, every, (n) => this.#round(context, indexes, n));
    return { updated: () => work.restart(), stop: () => work.stop() };
  }

  /** One round: an image of every followed video stream; a failure ends the task failed (UnknownStopReason). */
  async #round(context: LiveTaskContext, indexes: StreamIndexes, round: number): Promise<void> {
    const streams = context.followed();
    try {
      await Promise.all(streams.map((stream) => this.#capture(context, indexes.of(stream), stream, round)));
    } catch (error) {
      if (context.signal.aborted) return;
      context.end('UnknownStopReason', { message: (error as Error).message });
    }
  }

  async #capture(context: LiveTaskContext, index: number, stream: LiveStream, round: number): Promise<void> {
    const spec = context.spec() as SnapshotSpec;
    const { row } = context;
    const at = Date.now();
    const { width, height } = imageSize(spec.image, stream.streamType);
    const png = spec.image.format === 1;
    const name = recordFileName(
      SNAPSHOT_PATTERN,
      {
        taskId: row.taskId,
        roomId: row.roomId,
        userId: stream.userId,
        streamType: stream.streamType,
        startTime: at,
        durationMs: 0,
      },
      png ? 'png' : 'jpg',
    );
    const taskSeconds = context.scale.taskMs(context.elapsedMs()) / 1000;
    const grab = (output: string) =>
      this.#deps.grabber.grab(
        {
          output,
          format: png ? 'png' : 'jpeg',
          width,
          height,
          index,
          label: `${stream.userId} ${stream.streamType === 1 ? 'screen' : 'camera'}`,
          caption: `#${round} at ${taskSeconds.toFixed(1)} s`,
        },
        context.signal,
      );
    const stored = await this.#deps.files.makeAndStore(spec.storage, name, 'a snapshot', grab, context.signal);
    if (!stored) return;
    const where = storedWhere(stored);
    const streamEntry = { UserId: stream.userId, Index: index, StreamType: stream.streamType };
    const file: TaskFile = {
      ...where,
      Duration: 0,
      Size: stored.size,
      StartTime: at,
      StreamList: [streamEntry],
      VideoCodec: png ? 'png' : 'mjpeg',
      VideoWidth: width,
      VideoHeight: height,
    };
    context.addFile(file);
    context.emit(SNAPSHOT_EVENT, {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: row.roomId,
      TaskId: row.taskId,
      ...streamEntry,
      TimeStamp: at,
      Format: png ? 'png' : 'jpeg',
      Width: width,
      Height: height,
      Size: stored.size,
      Bucket: stored.bucket,
      ...where,
    });
  }

  async finish(row: TaskRow): Promise<TaskFile[]> {
    return row.files;
  }
}
