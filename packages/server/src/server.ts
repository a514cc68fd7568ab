import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, LevelWithSilent } from 'pino';
import {
  createApp,
  type App,
  type AppModules,
  type AppOptions,
  type DevCredentials,
  type TaskStorageOptions,
} from './app.js';
import { answerClientError } from './gateway/client-error.js';
import { InFlightRequests } from './gateway/in-flight-requests.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import { FetchPolicy } from './net/fetch-policy.js';
import { createLoggers } from './observability/logger.js';

export interface RtcServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Where the SQLite database lives; default `./.rtc-openapi-data`. */
  dataDir?: string;
  /** Seed (once) the dev account, key and app; their values come from `RTC_DEV_*` when set. */
  dev?: boolean;
  /** PEM certificate and key: the server speaks HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** The server's clock in ms since the epoch (tests inject one to replay signed requests). */
  clock?: () => number;
  /** Multiplies every rate limit (`RTC_RATE_LIMIT_SCALE`). Default 1. */
  rateLimitScale?: number;
  /** Media task timers (idle timeouts, record time limits) run this many times faster (`RTC_TIME_SCALE`). Default 1. */
  timeScale?: number;
  /**
   * The OpenAI-compatible chat-completions URL (and optional bearer key) the voice agents' ArkV3 and CozeBot modes
   * call (`--llm-endpoint`, RTC_LLM_ENDPOINT / RTC_LLM_API_KEY); without one they answer from the scripted model.
   */
  llmEndpoint?: { url: string; apiKey?: string };
  /**
   * Media task storage: `s3` sends every upload to an S3-compatible server (`--storage-endpoint`, credentials never
   * logged), `recordUploadDone` turns on that (unverified) callback, `uploadRetryMs` paces the retry of refused
   * uploads (docs/tasks.md, Storage).
   */
  taskStorage?: TaskStorageOptions;
  /**
   * Where rate budgets are kept; default in memory (one node). A RedisRateLimiter shares them between every node
   * pointed at the same Redis. Closed with the server.
   */
  rateLimiter?: RateLimiter;
  /**
   * Where caller-given URLs may be fetched from besides public addresses (`--fetch-allow`, RTC_FETCH_ALLOW): a comma
   * list of `loopback`, `private`, `link-local`, CIDR blocks, addresses, host names, `*.domain`, `*` (everything) or
   * `none`. Default `loopback` (docs/server.md). A list it cannot read stops the start, naming the entry.
   */
  fetchAllow?: string;
  /** A JSON file of songs and hot lists replacing the shipped music catalogue (docs/data-and-tail.md). */
  musicCatalogue?: string;
  /** Bearer token of the admin HTTP API under `/admin/`; without one that API is off. */
  adminToken?: string;
  /** The largest request body accepted, default 4 MiB. */
  bodyLimitBytes?: number;
  logLevel?: LevelWithSilent;
  /** Where log lines go; default stdout. */
  logDestination?: DestinationStream;
  /** Time allowed for a request's headers (default 10 s) and for the whole request (default 30 s). */
  timeouts?: { headersMs?: number; requestMs?: number };
  /** How long close() lets in-flight requests finish before cutting connections, default 10 s. */
  shutdownGraceMs?: number;
  /**
   * Replaces the domain modules (identity, apps, rooms on SQLite) with others: for gateway tests, or an embedding
   * that brings its own identity.
   */
  modules?: (options: AppOptions) => AppModules;
}

export interface RtcServer {
  /** `http://host:port` (or https), known once listen() resolved. */
  readonly url: string;
  /** The dev credentials, when started with `dev` (after listen()). */
  readonly devCredentials: DevCredentials | undefined;
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, closes presence connections and the database. */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = './.rtc-openapi-data';
const MiB = 1024 * 1024;

/** The whole server: the app on an HTTP(S) listener with slow-client timeouts and graceful shutdown. */
export function createRtcServer(options: RtcServerOptions = {}): RtcServer {
  const clock = options.clock ?? Date.now;
  const fetchPolicy = FetchPolicy.parse(options.fetchAllow, '--fetch-allow (RTC_FETCH_ALLOW)');
  const { logger, requestLog } = createLoggers({
    ...(options.logLevel !== undefined && { level: options.logLevel }),
    ...(options.logDestination !== undefined && { destination: options.logDestination }),
  });
  let closing = false;
  const app: App = createApp({
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    clock,
    logger,
    requestLog,
    rateLimitScale: options.rateLimitScale ?? 1,
    ...(options.rateLimiter !== undefined && { limiter: options.rateLimiter }),
    bodyLimitBytes: options.bodyLimitBytes ?? 4 * MiB,
    ...(options.adminToken !== undefined && { adminToken: options.adminToken }),
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    ...(options.llmEndpoint !== undefined && { llmEndpoint: options.llmEndpoint }),
    ...(options.taskStorage !== undefined && { taskStorage: options.taskStorage }),
    ...(options.musicCatalogue !== undefined && { musicCatalogue: options.musicCatalogue }),
    fetchPolicy,
    isClosing: () => closing,
    ...(options.modules !== undefined && { modules: options.modules }),
  });
  // Node answers an HTTP/1.1 request without Host by itself, with an empty 400; the gateway answers it instead.
  // Node checks the header and request timeouts every connectionsCheckingInterval (30 s by default), which would let
  // a slow client hold a connection for 40 s against a 10 s limit: check every second.
  const headersTimeout = options.timeouts?.headersMs ?? 10_000;
  const requestTimeout = options.timeouts?.requestMs ?? 30_000;
  const serverOptions = {
    requireHostHeader: false,
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
    keepAliveTimeout: 5_000,
  };
  // Requests being answered, so that a close can wait for them (and only them: a room client's WebSocket is a
  // connection the app itself ends when it closes).
  const inFlight = new InFlightRequests();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    inFlight.track(res);
    app.listener(req, res);
  };
  const server: HttpServer | HttpsServer = options.tls
    ? createHttpsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(serverOptions, listener);
  // Nothing may hang: a client that trickles its headers or body is cut off and answered with an envelope
  // (answerClientError), a client that stops mid-body too.
  server.on('clientError', (error: Error & { code?: string }, socket) => answerClientError(error, socket, clock()));
  app.attach(server);

  let url: string | undefined;
  let devCredentials: DevCredentials | undefined;
  let closed: Promise<void> | undefined;

  return {
    get url() {
      if (url === undefined) throw new Error('the server is not listening yet: await listen() first');
      return url;
    },
    get devCredentials() {
      return devCredentials;
    },
    async listen() {
      if (options.dev) devCredentials = await app.seedDev();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
      logger.info({ url, dataDir: options.dataDir ?? DEFAULT_DATA_DIR }, 'listening');
      return url;
    },
    close() {
      closed ??= (async () => {
        closing = true;
        // Stop accepting; keep-alive connections with nothing in flight go now.
        const wasListening = server.listening;
        const stopped = new Promise<void>((resolve) => (wasListening ? server.close(() => resolve()) : resolve()));
        server.closeIdleConnections();
        // The console's event streams never end by themselves: end them, then let the requests in flight finish
        // (within the grace period) before the app closes its rooms, tasks and database under them.
        app.drain();
        const graceMs = options.shutdownGraceMs ?? 10_000;
        if (!(await inFlight.settled(graceMs))) {
          logger.warn({ requests: inFlight.size, graceMs }, 'requests cut off at the end of the grace period');
          server.closeAllConnections();
        }
        await app.close();
        // Room clients' WebSockets were ended by the app; idle keep-alive connections left are cut.
        server.closeAllConnections();
        await stopped;
        logger.info('stopped');
        logger.flush();
      })();
      return closed;
    },
  };
}
