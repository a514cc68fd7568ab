import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TransactionalEvents } from '../events/outbox-writer.js';
import { FfmpegMediaWorker } from '../media/ffmpeg-media-worker.js';
import { findLabelFont, findMediaBinaries } from '../media/media-binaries.js';
import type { OutboundCheck, OutboundFetch } from '../net/guarded-fetch.js';
import type { MediaWorker } from '../media/media-worker.js';
import type { ObjectStore } from '../storage/object-store.js';
import { openObjectStore } from '../storage/open-object-store.js';
import type { S3StorageOptions } from '../storage/s3-object-store.js';
import type { Database } from '../store/database.js';
import { PublicStreamRunner } from './public-stream/public-stream-runner.js';
import { PushRunner } from './push/push-runner.js';
import { RelayRunner } from './relay/relay-runner.js';
import { WebcastRunner } from './webcast/webcast-runner.js';
import type { VirtualMembers } from '../rooms/virtual-members.js';
import type { KeptRecordings } from './recording/kept-recordings.js';
import { createRecordingSetup } from './recording/recording-setup.js';
import type { Awaitable } from '../awaitable.js';
import type { ModerationStore } from '../moderation/moderation-store.js';
import type { ResultPoster } from '../moderation/result-poster.js';
import { DetectionRunner } from './detection/detection-runner.js';
import { liveRunners } from './live-runners.js';
import type { RoomPresence } from './room-presence.js';
import { SqliteTaskStore } from './sqlite-task-store.js';
import { TaskEngine } from './task-engine.js';
import type { TaskStore } from './task-store.js';
import { TimeScale } from './time-scale.js';

export interface TasksModuleDeps {
  /** Opened with the tasks migrations applied. */
  db: Database;
  /** Where tasks are kept; default: the SQLite store on `db`. */
  store?: TaskStore;
  dataDir: string;
  presence: RoomPresence;
  /** The callback outbox and the transaction a task's state is written in with its callbacks (the rooms module's). */
  events: TransactionalEvents;
  clock: () => number;
  logger?: Logger;
  /** RTC_TIME_SCALE: task timers run this many times faster than the wall clock. Default 1. */
  timeScale?: number;
  /** Default: ffmpeg from the packaged binary. */
  media?: MediaWorker;
  /** Default: an S3-compatible server when `s3` is given, otherwise files under `<dataDir>/storage`. */
  storage?: ObjectStore;
  /** `--storage-endpoint` and its credentials: every upload goes to that server. */
  s3?: S3StorageOptions;
  /** Send the (unverified) `RecordUploadDone` callback when a recording's files are stored. */
  recordUploadDone?: boolean;
  /** How often uploads storage refused are retried (wall-clock ms), default 60 s. */
  uploadRetryMs?: number;
  /** Presence sampling interval (wall-clock ms). */
  tickMs?: number;
  /** Relays and webcasts join rooms through them. */
  virtualMembers: VirtualMembers;
  /** How caller-given pages are fetched (web and whiteboard recording, webcasts): the operator's fetch policy. */
  fetch: OutboundFetch;
  /** The same policy for the URLs ffmpeg opens (relay sources, CDN pushes), checked before they start. */
  checkUrl: OutboundCheck;
  /** Content moderation: the operator's rules and the results log, their poster, the AppKey results are signed with. */
  moderation: {
    store: ModerationStore;
    poster: ResultPoster;
    appKeyOf(appId: string): Awaitable<string | undefined>;
  };
}

export interface TasksModule {
  engine: TaskEngine;
  /** CDN pushes' live state (PushStreamState) and figures. */
  pushes: PushRunner;
  publicStreams: PublicStreamRunner;
  relays: RelayRunner;
  /** Recordings storage refused, kept for a retry (the admin API lists and retries them). */
  kept: KeptRecordings;
  /** Where every task stores its files (the local store or `--storage-endpoint`; transcodes too, and the console
   * serves them from it); closed with the module. */
  storage: ObjectStore;
  close(): Promise<void>;
}

/** The media task engine with its runners (recording), media worker and storage; finishes a previous run's tasks. */
export function createTasksModule(deps: TasksModuleDeps): TasksModule {
  const storage = deps.storage ?? openObjectStore(deps.dataDir, deps.s3);
  const media = deps.media ?? new FfmpegMediaWorker();
  const store = deps.store ?? new SqliteTaskStore(deps.db);
  const scale = new TimeScale(deps.timeScale ?? 1);
  const recording = createRecordingSetup({
    scale,
    store,
    events: deps.events,
    now: deps.clock,
    dataDir: deps.dataDir,
    media,
    storage,
    ...(deps.s3?.vodBucket !== undefined && { vodBucket: deps.s3.vodBucket }),
    ...(deps.recordUploadDone !== undefined && { recordUploadDone: deps.recordUploadDone }),
    ...(deps.uploadRetryMs !== undefined && { retryEveryMs: deps.uploadRetryMs }),
    ...(deps.logger && { logger: deps.logger }),
  });
  const publicStreams = new PublicStreamRunner();
  const ffmpeg = () => findMediaBinaries().ffmpeg;
  const relays = new RelayRunner({ media, ffmpeg, members: deps.virtualMembers, checkUrl: deps.checkUrl });
  const pushes = new PushRunner({ media, ffmpeg, font: findLabelFont(), checkUrl: deps.checkUrl });
  const engine = new TaskEngine({
    store,
    events: deps.events,
    presence: deps.presence,
    runners: [
      recording.runner,
      ...liveRunners({
        storage,
        media,
        workDir: join(deps.dataDir, 'tasks', 'live'),
        fetch: deps.fetch,
        ...(deps.s3?.vodBucket !== undefined && { vodBucket: deps.s3.vodBucket }),
      }),
      pushes,
      publicStreams,
      relays,
      new WebcastRunner({ members: deps.virtualMembers, fetch: deps.fetch }),
      new DetectionRunner({ ...deps.moderation, now: deps.clock }),
    ],
    now: deps.clock,
    scale,
    ...(deps.logger && { logger: deps.logger }),
    ...(deps.tickMs !== undefined && { tickMs: deps.tickMs }),
  });
  engine.recover();
  recording.start();
  return {
    engine,
    pushes,
    publicStreams,
    relays,
    kept: recording.kept,
    storage,
    close: async () => {
      await engine.close();
      await recording.close();
    },
  };
}
