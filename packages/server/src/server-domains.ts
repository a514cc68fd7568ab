import type { Logger } from 'pino';
import type { TaskStorageOptions } from './app.js';
import type { MusicLibrary } from './music/music-library.js';
import { serverProviders, type ProvidersByArea } from './providers/provider-list.js';
import { createModerationModule } from './moderation/moderation-module.js';
import { createRoomsModule, type RoomsModule } from './rooms/rooms-module.js';
import type { Services } from './store/open-services.js';
import { publicStreamLookup } from './tasks/public-stream/public-stream-runner.js';
import { roomPresence } from './tasks/room-presence.js';
import { createTasksModule, type TasksModule } from './tasks/tasks-module.js';
import { SqliteVendorPolicyStore } from './vendor-policies/sqlite-vendor-policy-store.js';
import { FetchPolicy } from './net/fetch-policy.js';
import { destinationCheck, guardedFetch } from './net/guarded-fetch.js';
import type { LlmEndpoint } from './voice/model-for.js';
import { createVoiceModule, type VoiceModule } from './voice/voice-module.js';
import { SqliteTranscodeStore } from './whiteboard/sqlite-transcode-store.js';
import { TranscodeJobs } from './whiteboard/transcode-jobs.js';

export interface DomainOptions {
  /** The stores and services on the server's database (store/open-services.ts). */
  services: Services;
  dataDir: string;
  clock: () => number;
  logger: Logger;
  /** The songs of the music actions. */
  music: MusicLibrary;
  /** Media and voice timers run this many times faster than the wall clock (`RTC_TIME_SCALE`); default 1. */
  timeScale?: number;
  taskStorage?: TaskStorageOptions;
  llmEndpoint?: LlmEndpoint;
  /** Where caller-given URLs may be fetched from besides public addresses; default loopback and private networks. */
  fetchPolicy?: FetchPolicy;
  /** Told after every committed room change (the console's live view). */
  onRoomChange?: () => void;
}

/** The domain modules of a server on one database, and the provider of every catalog area built on them. */
export interface ServerDomains {
  rooms: RoomsModule;
  tasks: TasksModule;
  voice: VoiceModule;
  providers: ProvidersByArea;
  /** Ends the voice agents, transcodes and tasks (they stop sampling presence first), then the rooms. */
  close(): Promise<void>;
}

/**
 * Builds rooms, the task engine with its runners, the voice agents and document transcoding on `services`, and the
 * full provider list over them: the server's composition (app.ts) and the benches that time its stages share it.
 */
export function openDomains(options: DomainOptions): ServerDomains {
  const { services, clock, logger } = options;
  // Every caller-given URL (a document, a page, a callback, an LLM, a relay source, a push) is reached under the
  // operator's policy.
  const fetchPolicy = options.fetchPolicy ?? FetchPolicy.parse(undefined);
  const outbound = guardedFetch(fetchPolicy);
  const rooms = createRoomsModule({
    db: services.db,
    events: services.events,
    usage: services.usage,
    rooms: services.rooms,
    apps: services.apps,
    cipher: services.cipher,
    clock,
    logger,
    fetch: outbound,
    ...(options.onRoomChange && { onRoomChange: options.onRoomChange }),
  });
  const moderation = createModerationModule({ store: services.moderation, now: clock, fetch: outbound, logger });
  let tasks: TasksModule;
  const presence = roomPresence(rooms.rooms);
  try {
    tasks = createTasksModule({
      db: services.db,
      dataDir: options.dataDir,
      presence,
      virtualMembers: rooms.virtualMembers,
      fetch: outbound,
      checkUrl: destinationCheck(fetchPolicy),
      store: services.tasks,
      events: rooms.events,
      clock,
      logger,
      moderation: {
        store: services.moderation,
        poster: moderation.poster,
        appKeyOf: async (appId) => (await services.apps.getApp(appId))?.appKey,
      },
      ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
      ...(options.taskStorage?.s3 && { s3: options.taskStorage.s3 }),
      ...(options.taskStorage?.recordUploadDone !== undefined && {
        recordUploadDone: options.taskStorage.recordUploadDone,
      }),
      ...(options.taskStorage?.uploadRetryMs !== undefined && { uploadRetryMs: options.taskStorage.uploadRetryMs }),
    });
  } catch (error) {
    void moderation.close();
    void rooms.close();
    throw error;
  }
  // Room clients look public streams up by id (presence `getPublicStream`).
  rooms.presence.publicStreams = publicStreamLookup(services.tasks, presence, tasks.publicStreams);
  const voice = createVoiceModule({
    db: services.db,
    members: rooms.virtualMembers,
    events: rooms.events,
    clock,
    logger,
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    ...(options.llmEndpoint && { llmEndpoint: options.llmEndpoint }),
    fetch: outbound,
  });
  const transcodes = new SqliteTranscodeStore(services.db);
  // Transcoded pages are stored where the tasks store their files (the data directory, or `--storage-endpoint`).
  const transcodeJobs = new TranscodeJobs({
    store: transcodes,
    objects: tasks.storage,
    fetch: outbound,
    now: clock,
    onError: (error) => logger.error({ err: error }, 'document transcode failed'),
  });
  const providers = serverProviders({
    apps: services.apps,
    rooms,
    tasks: tasks.engine,
    pushes: tasks.pushes,
    relays: tasks.relays,
    voice: voice.agents,
    vendorPolicies: new SqliteVendorPolicyStore(services.db),
    billing: services.billing,
    whiteboard: { transcodes, jobs: transcodeJobs },
    music: options.music,
    now: clock,
  });
  return {
    rooms,
    tasks,
    voice,
    providers,
    close: async () => {
      // Transcodes before the tasks, which close the object store they share. Tasks before the rooms: they stop
      // sampling presence before its members leave with the server's shutdown. The voice agents end (their
      // VoiceChat events written) before the rooms close under them.
      voice.close();
      await transcodeJobs.close();
      await tasks.close();
      await moderation.close();
      await rooms.close();
    },
  };
}
