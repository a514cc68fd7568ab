import { TaskEventType } from '../../events/event-types.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { TaskFailure, TaskRunner } from '../task-runner.js';
import { makePlanFiles, type OutputDeps } from './record-outputs.js';
import { filePlans } from './record-plan.js';
import { followsStream, type RecordingSpec } from './recording-spec.js';

export type RecordingRunnerDeps = OutputDeps;

/** The bucket a recording's storage writes to. */
export function bucketOf(spec: RecordingSpec): string {
  return spec.storage.type === 'vod' ? 'vod' : spec.storage.bucket;
}

/** Cloud recording on the task engine: mixed (one file) or single-stream (a file per stream), in each format. */
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
    const files: TaskFile[] = [];
    for (const plan of filePlans(spec, row.timeline, Math.max(0, row.endTime - row.startTime))) {
      files.push(...(await makePlanFiles(this.#deps, row, spec, plan, signal)));
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
}
