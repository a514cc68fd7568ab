import { join } from 'node:path';
import type { Logger } from 'pino';
import { TaskEventType } from '../../events/event-types.js';
import type { TransactionalEvents } from '../../events/outbox-writer.js';
import type { MediaWorker } from '../../media/media-worker.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { TaskHistory } from '../task-history.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { TaskStore } from '../task-store.js';
import type { TimeScale } from '../time-scale.js';
import { DEFAULT_VOD_BUCKET } from './record-outputs.js';
import { MAX_FILE_TASK_MS } from './record-plan.js';
import { RecordPrerender } from './record-prerender.js';
import { recordUploadDoneData } from './record-callbacks.js';
import { RecordUploads } from './record-uploads.js';
import { KeptRecordings, keptDirOf } from './kept-recordings.js';
import { RecordingRunner } from './recording-runner.js';

export interface RecordingSetupDeps {
  store: TaskStore;
  /** The callback outbox and its transaction (delivery is woken after the commit). */
  events: TransactionalEvents;
  now: () => number;
  dataDir: string;
  media: MediaWorker;
  storage: ObjectStore;
  /** The bucket VOD uploads go to; default `vod`. */
  vodBucket?: string;
  /** Send `RecordUploadDone` (an unverified event name) when a task's files are all stored. Default off. */
  recordUploadDone?: boolean;
  /** The task clock (RTC_TIME_SCALE): file splits are task time. */
  scale: TimeScale;
  /** How often the finished chunks of running recordings are looked for (wall-clock ms), default 1 s. */
  prerenderEveryMs?: number;
  /** How often kept uploads are retried (wall-clock ms), default 60 s; they are also retried at start-up. */
  retryEveryMs?: number;
  logger?: Logger;
}

export interface RecordingSetup {
  runner: RecordingRunner;
  /** The recordings storage refused, kept for a retry (the admin API lists and retries them). */
  kept: KeptRecordings;
  /** Retries the kept uploads now, then on the timer. */
  start(): void;
  close(): Promise<void>;
}

/**
 * Cloud recording's parts around the engine: the runner, where its files are rendered and kept, the retry of kept
 * uploads, and the RecordUploadDone callback when it is on.
 */
export function createRecordingSetup(deps: RecordingSetupDeps): RecordingSetup {
  const { store, events, now, logger } = deps;
  const uploads = new RecordUploads({
    storage: deps.storage,
    keptDir: keptDirOf(deps.dataDir),
    now,
    ...(deps.recordUploadDone && { uploadDone: true }),
    ...(logger && { logger }),
  });
  const kept = new KeptRecordings({ uploads, store, events, now, ...(logger && { logger }) });
  const history = new TaskHistory(store, events);
  const uploadDone = (row: TaskRow, files: TaskFile[]): void => {
    history.event(row, TaskEventType.RecordUploadDone, recordUploadDoneData(row, files), now());
  };
  const chunksDir = join(deps.dataDir, 'tasks', 'chunks');
  const prerender = new RecordPrerender({
    store,
    media: deps.media,
    scale: deps.scale,
    maxFileTaskMs: MAX_FILE_TASK_MS,
    chunksDir,
    now,
    ...(logger && { logger }),
  });
  const runner: RecordingRunner = new RecordingRunner({
    media: deps.media,
    storage: deps.storage,
    uploads,
    workDir: join(deps.dataDir, 'tasks', 'render'),
    chunksDir,
    vodBucket: deps.vodBucket ?? DEFAULT_VOD_BUCKET,
    scale: deps.scale,
    ...(deps.recordUploadDone && { uploaded: uploadDone }),
  });

  let timer: NodeJS.Timeout | undefined;
  let ahead: NodeJS.Timeout | undefined;
  let closed = false;
  const retry = (): Promise<void> =>
    kept.retryAll().catch((error: unknown) => logger?.error({ err: error }, 'retrying kept uploads failed'));
  return {
    runner,
    kept,
    start() {
      if (closed) return;
      void retry();
      timer = setInterval(() => void retry(), deps.retryEveryMs ?? 60_000);
      timer.unref();
      // Chunks of running recordings are rendered as they finish; chunk folders of ended runs are removed.
      void prerender.prune().catch((error: unknown) => logger?.warn({ err: error }, 'pruning chunks failed'));
      ahead = setInterval(() => void prerender.tick(), deps.prerenderEveryMs ?? 1000);
      ahead.unref();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      if (ahead) clearInterval(ahead);
      await prerender.close();
      await uploads.idle();
      deps.storage.close?.();
    },
  };
}
