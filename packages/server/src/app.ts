import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ActionHandlers } from './actions/action-handler.js';
import { mergeActionHandlers } from './actions/index.js';
import { AccessKeyCache } from './gateway/access-key-cache.js';
import { createRequestListener, type CallRecord } from './gateway/request-listener.js';
import type { IdentityGate } from './identity/principal.js';
import { AccountLimits, type RateLimitOverrides } from './limits/account-limits.js';
import { MemoryRateLimiter } from './limits/memory-rate-limiter.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import type { Logger } from './observability/logger.js';
import { RequestMetrics } from './observability/request-metrics.js';

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
    getRateLimitOverrides?: (
      accountId: string,
    ) => Promise<RateLimitOverrides | undefined> | RateLimitOverrides | undefined;
  };
  handlers: readonly ActionHandlers[];
  adminHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  recordCall?: (record: CallRecord) => void;
  seedDev?: () => Promise<DevCredentials>;
  attach?: (server: Server) => void;
  close: () => Promise<void> | void;
}

export interface AppOptions {
  dataDir: string;
  clock: () => number;
  logger: Logger;
  rateLimitScale: number;
  bodyLimitBytes: number;
  adminToken?: string;
  isClosing?: () => boolean;
  /** Builds the domain modules; default: identity, apps and rooms on the SQLite database in `dataDir`. */
  modules?: (options: AppOptions) => AppModules;
  limiter?: RateLimiter;
}

export interface App {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  attach(server: Server): void;
  seedDev(): Promise<DevCredentials>;
  close(): Promise<void>;
}

/** Assembly: the domain modules, the limiter and the metrics behind one request listener. */
export function createApp(options: AppOptions): App {
  const modules = (options.modules ?? createDefaultModules)(options);
  const limiter = options.limiter ?? new MemoryRateLimiter();
  const metrics = new RequestMetrics();
  const listener = createRequestListener({
    identity: modules.identity,
    keys: new AccessKeyCache(modules.identity),
    limits: new AccountLimits({
      scale: options.rateLimitScale,
      ...(modules.identity.getRateLimitOverrides && {
        overridesFor: (accountId: string) => modules.identity.getRateLimitOverrides!(accountId),
      }),
    }),
    limiter,
    handlers: mergeActionHandlers(...modules.handlers),
    logger: options.logger,
    metrics,
    clock: options.clock,
    bodyLimitBytes: options.bodyLimitBytes,
    ...(modules.adminHandler && { adminHandler: modules.adminHandler }),
    ...(modules.recordCall && { onCall: modules.recordCall }),
    ...(options.isClosing && { isClosing: options.isClosing }),
  });
  return {
    listener,
    attach: (server) => modules.attach?.(server),
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

function createDefaultModules(_options: AppOptions): AppModules {
  throw new Error('identity, apps and rooms are not wired yet');
}
