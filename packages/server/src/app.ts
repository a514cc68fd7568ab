import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Awaitable } from './awaitable.js';
import { createAdminDispatcher, createAdminHandler } from './admin/admin-http.js';
import { createConsoleHandler } from './console/console-handler.js';
import { EventStreams } from './console/event-stream.js';
import { RoomFeed } from './console/room-feed.js';
import { ConsoleVoiceSpeaker } from './console/voice-speaker.js';
import { seedDevAccount } from './identity/dev-seed.js';
import { loadMusicCatalogue } from './music/music-catalogue.js';
import { MusicLibrary } from './music/music-library.js';
import type { LlmEndpoint } from './voice/model-for.js';
import { openServices } from './store/open-services.js';
import { openDomains } from './server-domains.js';
import { createRequestListener } from './gateway/request-listener.js';
import type { IdentityGate } from './identity/principal.js';
import { AccountLimits, type RateLimitOverrides } from './limits/account-limits.js';
import { MemoryRateLimiter } from './limits/memory-rate-limiter.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import type { Logger } from './observability/logger.js';
import { buildActionTable } from './providers/action-table.js';
import type { HandlerOutbox, Provider } from './providers/provider.js';
import type { RequestLine, RequestLog } from './observability/request-log.js';
import { RequestMetrics } from './observability/request-metrics.js';
import type { CacheRegistry } from './store/cache-registry.js';
import type { S3StorageOptions } from './storage/s3-object-store.js';
import type { FetchPolicy } from './net/fetch-policy.js';

/** Where media tasks store their files, and how they tell of it (docs/tasks.md, Storage). */
export interface TaskStorageOptions {
  /** Every upload goes to this S3-compatible server (`serve --storage-endpoint`); default the data directory. */
  s3?: S3StorageOptions;
  /** Send `RecordUploadDone` (an unverified event name) once a recording's files are stored. Default off. */
  recordUploadDone?: boolean;
  /** How often uploads that storage refused are retried (wall-clock ms); default 60 s, and at every start. */
  uploadRetryMs?: number;
}

/** The four values `--dev` seeds and prints. */
export interface DevCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  appId: string;
  appKey: string;
}

/** What the gateway needs from the domain modules; app.ts builds them from the data directory. */
export interface AppModules {
  identity: IdentityGate & {
    /** The account's rate-limit overrides as the gateway reads them on every call: cached by identity. */
    rateLimitOverridesFor?: (accountId: string) => Awaitable<RateLimitOverrides | undefined>;
  };
  /** One per catalog area; the action table is built from them once, here. */
  providers: readonly Provider[];
  /** The handlers' `ctx.events` and `ctx.transaction` (the rooms module's OutboxWriter). */
  outbox?: HandlerOutbox;
  /** The modules' named caches, whose sizes, hits and misses `/metrics` prints. */
  caches?: CacheRegistry;
  adminHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** The web console under `/console` (console/console-handler.ts). */
  consoleHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Records an authenticated call (the audit trail): its log line, and when it was received (unix ms). */
  recordCall?: (line: RequestLine, receivedAtMs: number) => void;
  seedDev?: () => Promise<DevCredentials>;
  attach?: (server: HttpServer | HttpsServer) => void;
  /** Ends the long-lived answers (the console's event streams), so that a graceful close waits only for requests. */
  drain?: () => void;
  close: () => Promise<void> | void;
}

export interface AppOptions {
  dataDir: string;
  clock: () => number;
  logger: Logger;
  /** The per-request line's logger (no redaction pass: its fields are an allow-list); default `logger`. */
  requestLog?: RequestLog;
  rateLimitScale: number;
  bodyLimitBytes: number;
  adminToken?: string;
  /** The operator's music catalogue (a JSON file, docs/data-and-tail.md); default the one shipped with the server. */
  musicCatalogue?: string;
  /** Media task timers run this many times faster than the wall clock (`RTC_TIME_SCALE`); default 1. */
  timeScale?: number;
  /** Media task storage: an S3-compatible server, the RecordUploadDone callback, the retry of refused uploads. */
  taskStorage?: TaskStorageOptions;
  isClosing?: () => boolean;
  /** The OpenAI-compatible endpoint the voice agents' ArkV3 and CozeBot modes use (`--llm-endpoint`). */
  llmEndpoint?: LlmEndpoint;
  /**
   * Where the server may fetch caller-given URLs from besides public addresses (`--fetch-allow`, net/fetch-policy.ts);
   * default loopback and private networks.
   */
  fetchPolicy?: FetchPolicy;
  /**
   * Builds the domain modules; default: identity, apps and rooms on the SQLite database in `dataDir`. `metrics` are
   * the server's request metrics (the console charts them).
   */
  modules?: (options: AppOptions, shared: { metrics: RequestMetrics }) => AppModules;
  limiter?: RateLimiter;
}

export interface App {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  attach(server: HttpServer | HttpsServer): void;
  /** Ends the long-lived answers (the console's event streams): the server calls it as it starts closing. */
  drain(): void;
  seedDev(): Promise<DevCredentials>;
  close(): Promise<void>;
}

/** Assembly: the domain modules, the limiter and the metrics behind one request listener. */
export function createApp(options: AppOptions): App {
  // Identity caches what the gateway asks it (keys, facts, rate-limit overrides) and drops an entry when it writes it.
  const metrics = new RequestMetrics();
  const modules = (options.modules ?? createDefaultModules)(options, { metrics });
  if (modules.caches) metrics.readCaches(modules.caches);
  const { identity } = modules;
  const limits = new AccountLimits({
    scale: options.rateLimitScale,
    ...(identity.rateLimitOverridesFor && {
      overridesFor: (accountId: string) => identity.rateLimitOverridesFor!(accountId),
    }),
  });
  const limiter = options.limiter ?? new MemoryRateLimiter();
  const listener = createRequestListener({
    identity: modules.identity,
    limits,
    limiter,
    actions: buildActionTable(modules.providers),
    ...(modules.outbox && { outbox: modules.outbox }),
    logger: options.logger,
    ...(options.requestLog && { requestLog: options.requestLog }),
    metrics,
    clock: options.clock,
    bodyLimitBytes: options.bodyLimitBytes,
    ...(modules.adminHandler && { adminHandler: modules.adminHandler }),
    ...(modules.consoleHandler && { consoleHandler: modules.consoleHandler }),
    ...(modules.recordCall && { onCall: modules.recordCall }),
    ...(options.isClosing && { isClosing: options.isClosing }),
  });
  return {
    listener,
    attach: (server) => modules.attach?.(server),
    drain: () => modules.drain?.(),
    seedDev: () => {
      if (!modules.seedDev) return Promise.reject(new Error('this server cannot seed a dev account'));
      return modules.seedDev();
    },
    close: async () => {
      await modules.close();
      await limiter.close();
    },
  };
}

/** Identity, apps, the audit log, rooms, tasks and the other domains on the SQLite database of the data directory. */
function createDefaultModules(options: AppOptions, shared: { metrics: RequestMetrics }): AppModules {
  // A bad catalogue file stops the start before anything is opened.
  const music = new MusicLibrary(loadMusicCatalogue(options.musicCatalogue));
  const services = openServices({
    dataDir: options.dataDir,
    now: () => new Date(options.clock()),
    // The audit trail's inserts, commits and WAL checkpoints run in a worker thread, off the request path.
    audit: { writer: 'worker', onError: (error) => options.logger.error({ err: error }, 'audit write failed') },
    onPruneError: (error) => options.logger.error({ err: error }, 'pruning expired temporary keys failed'),
  });
  try {
    // The console's live room view is told of every room change.
    const streams = new EventStreams();
    const roomFeed = new RoomFeed({ streams });
    const domains = openDomains({
      services,
      dataDir: options.dataDir,
      clock: options.clock,
      logger: options.logger,
      music,
      onRoomChange: () => roomFeed.changed(),
      ...(options.fetchPolicy && { fetchPolicy: options.fetchPolicy }),
      ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
      ...(options.taskStorage && { taskStorage: options.taskStorage }),
      ...(options.llmEndpoint && { llmEndpoint: options.llmEndpoint }),
    });
    const { rooms, tasks, voice } = domains;
    roomFeed.bind(rooms.rooms);
    // The admin API and the console's: the services, and the recordings storage refused, kept for a retry.
    const adminServices = { ...services, keptUploads: tasks.kept };
    // The console speaks to voice agents as their target user (a stand-in member when that user is not in the room).
    const speaker = new ConsoleVoiceSpeaker({ tasks: voice.store, members: rooms.virtualMembers });
    return {
      identity: services.identity,
      caches: services.caches,
      outbox: { events: rooms.events, transaction: rooms.events.transaction },
      providers: Object.values(domains.providers),
      adminHandler: createAdminHandler({
        services: adminServices,
        token: options.adminToken,
        onError: (error) => options.logger.error({ err: error }, 'admin request failed'),
      }),
      consoleHandler: createConsoleHandler({
        token: options.adminToken,
        admin: createAdminDispatcher({
          services: adminServices,
          onError: (error) => options.logger.error({ err: error }, 'console request failed'),
        }),
        identity: services.identity,
        rooms: rooms.rooms,
        feed: roomFeed,
        streams,
        files: tasks.storage,
        voice: { store: voice.store, transcripts: voice.transcripts, speaker, deliveries: services.events },
        pushes: tasks.pushes,
        metrics: shared.metrics,
        now: options.clock,
        onError: (error) => options.logger.error({ err: error }, 'console request failed'),
      }),
      recordCall: (call, receivedAtMs) => services.audit.recordRequest(call, receivedAtMs),
      seedDev: async () => {
        const seed = await seedDevAccount(services, process.env);
        return {
          accessKeyId: seed.accessKeyId,
          secretAccessKey: seed.secretAccessKey,
          appId: seed.appId,
          appKey: seed.appKey,
        };
      },
      attach: (server) => rooms.attach(server),
      drain: () => streams.endAll(),
      close: async () => {
        // The console's stand-in members leave before the agents and rooms close.
        speaker.close();
        roomFeed.close();
        await domains.close();
        services.close();
      },
    };
  } catch (error) {
    services.close();
    throw error;
  }
}
