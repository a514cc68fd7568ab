import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TaskEventType } from '../../events/event-types.js';
import type { MediaWorker } from '../../media/media-worker.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import { checkTool } from '../task-storage.js';
import type { TaskRunner } from '../task-runner.js';
import type { TimeScale } from '../time-scale.js';
import { recordStartedData, recordStoppedData } from './record-callbacks.js';
import { renderPlanFiles, type MadeFile } from './record-outputs.js';
import { chunkDirOf } from './record-chunks.js';
import { filePlans, MAX_FILE_TASK_MS } from './record-plan.js';
import { splitPointsOf } from './record-prerender.js';
import type { RecordUploads } from './record-uploads.js';
import { followsStream, type RecordingSpec } from './recording-spec.js';

export interface RecordingRunnerDeps {
  media: MediaWorker;
  /** Checked at start (the bucket can be written). */
  storage: ObjectStore;
  /** Stores the files, keeping them when storage refuses. */
  uploads: RecordUploads;
  /** Where files are rendered before they are stored (on the data directory's file system). */
  workDir: string;
  /** Where each task run's chunks are rendered, while it runs and at its end (record-chunks.ts). */
  chunksDir: string;
  /** The bucket of VOD uploads. */
  vodBucket: string;
  /** The task clock: file splits (4 hours, MaxSilenceSeconds) are task time. */
  scale: TimeScale;
  /** Told when a task's files are all stored (the RecordUploadDone callback, when it is on). */
  uploaded?: (row: TaskRow, files: TaskFile[]) => void;
}

/** The bucket a recording's storage writes to. */
export function bucketOf(spec: RecordingSpec, vodBucket: string): string {
  return spec.storage.type === 'vod' ? vodBucket : spec.storage.bucket;
}

/** Cloud recording on the task engine: mixed (one file) or single-stream (a file per stream), in each format. */
export class RecordingRunner implements TaskRunner {
  readonly kind = 'record' as const;
  readonly events: TaskRunner['events'] = {
    started: { name: TaskEventType.RecordStarted, data: recordStartedData },
    stopped: { name: TaskEventType.RecordStopped, data: recordStoppedData },
  };
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
    await checkTool(this.#deps.media, 'the media worker');
    const bucket = bucketOf(row.spec as RecordingSpec, this.#deps.vodBucket);
    try {
      await this.#deps.storage.checkBucket(bucket);
    } catch (error) {
      throw new Error(`the storage bucket ${bucket} cannot be written`, { cause: error });
    }
  }

  /**
   * Renders every planned file into a work folder, then stores them all. When storage refuses, the folder is kept
   * for a retry (RecordUploads) and this rejects: the task fails with the reason in its RecordStopped.
   */
  async finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]> {
    const { media, workDir, vodBucket, uploads } = this.#deps;
    const spec = row.spec as RecordingSpec;
    const work = join(workDir, randomUUID());
    await mkdir(work, { recursive: true });
    try {
      const made: MadeFile[] = [];
      const splits = splitPointsOf(spec, this.#deps.scale, MAX_FILE_TASK_MS);
      const plans = filePlans(spec, row.timeline, Math.max(0, row.endTime - row.startTime), splits);
      const chunks = chunkDirOf(this.#deps.chunksDir, row);
      for (const [n, plan] of plans.entries()) {
        made.push(...(await renderPlanFiles(media, row, spec, plan, { work, n, vodBucket, chunks }, signal)));
      }
      // Closing keeps the chunks: the next start renders this task again and uses them.
      await rm(chunks, { recursive: true, force: true });
      await uploads.store(row, work, made, signal);
      const files = made.map((m) => m.file);
      this.#deps.uploaded?.(row, files);
      return files;
    } finally {
      // Gone already when its files were kept.
      await rm(work, { recursive: true, force: true });
    }
  }
}
