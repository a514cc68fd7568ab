import { AuditLog, type AuditLogOptions } from '../admin/audit-log.js';
import { SqliteAuditStore } from '../admin/sqlite-audit-store.js';
import { AppService } from '../apps/app-service.js';
import type { EventStore } from '../events/event-store.js';
import { SqliteEventStore } from '../events/sqlite-event-store.js';
import { SqliteAppStore } from '../apps/sqlite-app-store.js';
import { IdentityService } from '../identity/identity-service.js';
import { loadMasterKey, type MasterKeySource } from '../identity/master-key.js';
import { checkMasterKey } from '../identity/master-key-check.js';
import { SecretCipher } from '../identity/secret-cipher.js';
import { SqliteIdentityStore } from '../identity/sqlite-identity-store.js';
import { resourcePackagesOn } from '../billing/account-resource-packages.js';
import type { ResourcePackages } from '../billing/resource-packages.js';
import type { ModerationStore } from '../moderation/moderation-store.js';
import { SqliteModerationStore } from '../moderation/sqlite-moderation-store.js';
import type { RoomStore } from '../rooms/room-store.js';
import { SqliteRoomStore } from '../rooms/sqlite-room-store.js';
import { SqliteTaskStore } from '../tasks/sqlite-task-store.js';
import type { TaskStore } from '../tasks/task-store.js';
import { SqliteUsageStore } from '../usage/sqlite-usage-store.js';
import type { UsageStore } from '../usage/usage-store.js';
import { CacheRegistry } from './cache-registry.js';
import { closeDatabase, openDatabase, type Database, type OpenDatabaseOptions } from './database.js';

/**
 * The stateful services of one server (or one admin CLI run) over one database, and the domains' stores: the one
 * place that picks the SQLite implementation of each store interface (a PostgreSQL one would be picked here).
 */
export interface Services {
  db: Database;
  identity: IdentityService;
  apps: AppService;
  audit: AuditLog;
  /** Callback subscriptions, the outbox and the delivery log (the rooms module delivers from it). */
  events: EventStore;
  /** The media tasks (the tasks module runs them; admin switches recording and lists them). */
  tasks: TaskStore;
  /** The accounts' resource packages, charged with their apps' usage (billing actions and admin). */
  billing: ResourcePackages;
  /** Session records and the usage queries over them (the rooms module writes them, the usage provider reads). */
  usage: UsageStore;
  /** Bans, stream bans and token limits that outlive a restart (the rooms module). */
  rooms: RoomStore;
  /** Content moderation: the operator's verdict rules (admin) and the detection results (the detection tasks). */
  moderation: ModerationStore;
  /** Seals secrets at rest under the master key; for modules built on these services (callback secrets). */
  cipher: SecretCipher;
  masterKeySource: MasterKeySource;
  /** The services' caches, by name, for `/metrics`; a module built on these services may add its own. */
  caches: CacheRegistry;
  /** Writes the pending audit entries and closes the database. */
  close(): void;
}

export type OpenServicesOptions = OpenDatabaseOptions & {
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  audit?: Omit<AuditLogOptions, 'store'>;
  /**
   * How long facts read on every call are kept before the database is read again: IdentityServiceOptions' and
   * AppServiceOptions' cacheMs (default 5 s). Writes through these services are seen at once; this bounds how long a
   * write by another process (the admin CLI) takes to be seen.
   */
  cacheMs?: number;
  /** See AppServiceOptions.maxAppsPerAccount (100, the catalog's). */
  maxAppsPerAccount?: number;
  /** Called when pruning expired temporary keys fails (the error names no secret). */
  onPruneError?: (error: unknown) => void;
};

/** How often expired temporary keys are pruned (also once at open). */
const KEY_PRUNE_INTERVAL_MS = 3_600_000;

/** Opens the database (running migrations), loads the master key and builds the services on them. */
export function openServices(options: OpenServicesOptions): Services {
  const dataDir = 'dataDir' in options ? options.dataDir : undefined;
  const db = openDatabase(options);
  try {
    const { key, source } = loadMasterKey({ dataDir, env: options.env });
    const cipher = new SecretCipher(key);
    key.fill(0);
    const identityStore = new SqliteIdentityStore(db);
    checkMasterKey(identityStore, cipher);
    const { now, cacheMs } = options;
    const caches = new CacheRegistry();
    const apps = new AppService({
      store: new SqliteAppStore(db),
      cipher,
      now,
      maxAppsPerAccount: options.maxAppsPerAccount,
      cacheMs,
      caches,
    });
    const identity = new IdentityService({ store: identityStore, cipher, apps, now, cacheMs, caches });
    const retention = (options.env ?? process.env).RTC_AUDIT_RETENTION_DAYS;
    const audit = new AuditLog({
      store: new SqliteAuditStore(db),
      ...(retention !== undefined && retention !== '' && { retentionDays: parseRetentionDays(retention) }),
      ...options.audit,
    });
    const pruneKeys = () => {
      if (!db.open) return;
      identity.pruneExpiredTemporaryKeys().catch((error: unknown) => options.onPruneError?.(error));
    };
    pruneKeys();
    const pruneTimer = setInterval(pruneKeys, KEY_PRUNE_INTERVAL_MS);
    pruneTimer.unref();
    const usage = new SqliteUsageStore(db);
    return {
      db,
      identity,
      apps,
      audit,
      events: new SqliteEventStore(db),
      tasks: new SqliteTaskStore(db),
      billing: resourcePackagesOn(db, usage, apps, () => (now ? now().getTime() : Date.now())),
      usage,
      rooms: new SqliteRoomStore(db),
      moderation: new SqliteModerationStore(db),
      cipher,
      masterKeySource: source,
      caches,
      close() {
        clearInterval(pruneTimer);
        audit.close();
        closeDatabase(db);
      },
    };
  } catch (error) {
    closeDatabase(db);
    throw error;
  }
}

function parseRetentionDays(text: string): number {
  const days = Number(text);
  if (!Number.isFinite(days) || days < 0) {
    throw new Error(`RTC_AUDIT_RETENTION_DAYS must be a number of days, 0 to keep everything; got "${text}"`);
  }
  return days;
}
