import { join } from 'node:path';
import type { Logger } from 'pino';
import { TaskEventType } from '../../events/event-types.js';
import type { TransactionalEvents } from '../../events/outbox-writer.js';
import { TaskHistory } from '../task-history.js';
import type { ObjectLocation } from '../../storage/object-store.js';
import type { TaskRow } from '../task-model.js';
import type { TaskStore } from '../task-store.js';
import { recordStoppedData, recordUploadDoneData } from './record-callbacks.js';
import type { KeptEntry, KeptUpload, RecordUploads } from './record-uploads.js';

/** Where a data directory keeps the recordings storage refused. */
export const keptDirOf = (dataDir: string): string => join(dataDir, 'tasks', 'unstored');

/** A kept upload as the admin API and CLI show it. */
export interface KeptUploadView {
  id: string;
  appId: string;
  roomId: string;
  taskId: string;
  /** The task run's StartTime (ms). */
  startTime: number;
  keptAt: number;
  /** Objects still to store, and the first of them. */
  left: number;
  next: ObjectLocation | undefined;
  /** Why the last attempt failed. */
  error: string;
  /** A retry of it is running now. */
  retrying: boolean;
}

/** What one retry did. */
export interface KeptRetryOutcome extends KeptUploadView {
  /** Everything is stored now; the folder is gone. */
  stored: boolean;
  /** The task ended after all (Status 3, its files, a second RecordStopped); false when its TaskId ran again since. */
  taskEnded: boolean;
}

/**
 * The recordings storage refused, kept on disk (RecordUploads), and what storing them later does to their task: a
 * failed task whose kept files are now all stored ends after all (Status 3, its RecordFileList, RecordStopped with
 * Code 0; RecordUploadDone too when the recording server sent it), in one transaction with its callback rows. The
 * server retries them on a timer; the admin API and CLI list them and retry one now.
 */
export class KeptRecordings {
  readonly #uploads: RecordUploads;
  readonly #store: TaskStore;
  readonly #events: TransactionalEvents;
  /** The task's timeline, written with the change (its phase and callbacks). */
  readonly #history: TaskHistory;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;

  constructor(deps: {
    uploads: RecordUploads;
    store: TaskStore;
    events: TransactionalEvents;
    now: () => number;
    logger?: Logger;
  }) {
    this.#uploads = deps.uploads;
    this.#store = deps.store;
    this.#events = deps.events;
    this.#history = new TaskHistory(deps.store, deps.events);
    this.#now = deps.now;
    this.#logger = deps.logger;
  }

  async list(): Promise<KeptUploadView[]> {
    return (await this.#uploads.list()).map(viewOf);
  }

  /** Retries one now; KeptUploadError (`not-found`, `busy`) when it cannot. */
  async retry(id: string): Promise<KeptRetryOutcome> {
    let taskEnded = false;
    const { kept, stored } = await this.#uploads.retry(id, (k) => {
      taskEnded = this.#ended(k);
    });
    return { ...viewOf(kept), stored, taskEnded };
  }

  /** Retries them all (the timer's pass). */
  retryAll(): Promise<void> {
    return this.#uploads.retryAll((kept) => void this.#ended(kept));
  }

  #ended(kept: KeptUpload): boolean {
    const row = this.#store.get(kept.kind, kept);
    if (!row || row.phase !== 'failed' || row.startTime !== kept.startTime) {
      this.#logger?.info({ taskId: kept.taskId }, 'a kept recording is stored; its task has been started again since');
      return false;
    }
    const ended: TaskRow = { ...row, phase: 'ended', files: kept.files, error: '' };
    const at = this.#now();
    this.#events.transaction(() => {
      this.#history.changePhase(row, { phase: 'ended', files: kept.files, error: '' }, at);
      this.#history.event(row, TaskEventType.RecordStopped, recordStoppedData(ended), at);
      if (kept.uploadDone) {
        this.#history.event(row, TaskEventType.RecordUploadDone, recordUploadDoneData(ended, kept.files), at);
      }
    });
    return true;
  }
}

function viewOf(kept: KeptEntry): KeptUploadView {
  return {
    id: kept.id,
    appId: kept.appId,
    roomId: kept.roomId,
    taskId: kept.taskId,
    startTime: kept.startTime,
    keptAt: kept.keptAt,
    left: kept.objects.length,
    next: kept.objects[0]?.location,
    error: kept.error,
    retrying: kept.retrying,
  };
}
