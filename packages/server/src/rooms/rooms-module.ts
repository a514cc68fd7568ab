import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import { CallbackConfigs } from '../events/callback-configs.js';
import { CallbackDeliveryWorker, type CallbackDeliveryOptions } from '../events/callback-delivery.js';
import { CallbackOutbox } from '../events/callback-outbox.js';
import type { SecretCipher } from '../identity/secret-cipher.js';
import type { Database } from '../store/database.js';
import { SessionRecords } from '../usage/session-records.js';
import { UsageQueries } from '../usage/usage-queries.js';
import type { RoomAppDirectory } from './app-directory.js';
import type { BackpressureLimits } from './connection-backpressure.js';
import { PresenceGateway } from './presence-gateway.js';
import { RoomService, type PresenceOptions } from './room-service.js';

export interface RoomsModuleDeps {
  /** Opened with the rooms migrations applied (`store/openDatabase` lists them). */
  db: Database;
  apps: RoomAppDirectory;
  /** Seals callback secrets at rest (the server's master key, as for access keys and AppKeys). */
  cipher: SecretCipher;
  /** Unix ms; tests move time with it. */
  clock?: () => number;
  logger?: Logger;
  callbackOptions?: CallbackDeliveryOptions;
  presenceOptions?: PresenceOptions;
  /** What the server holds for a presence connection that does not read (DEFAULT_BACKPRESSURE). */
  backpressure?: Partial<BackpressureLimits>;
  /** Told after every committed room change (join, leave, visibility, streams): the web console's live view. */
  onRoomChange?: () => void;
}

export interface RoomsModule {
  /** Live presence: the room, messaging and voice providers act on it. */
  rooms: RoomService;
  /** The apps' callback subscriptions (the callback-config provider). */
  callbackConfigs: CallbackConfigs;
  /** Queries over the session records (the data-quality-usage provider). */
  usage: UsageQueries;
  /** The presence WebSocket endpoint; its queue stats are for tests and the flood benchmark. */
  presence: PresenceGateway;
  /** Wakes callback delivery after another domain's transaction enqueued outbox rows (the media tasks). */
  wakeDelivery(): void;
  /** Serves the presence WebSocket endpoint (`/rtc/presence`) on this server. */
  attach(server: HttpServer | HttpsServer): void;
  /** Ends every presence session (their leave events are written) and stops callback delivery. */
  close(): Promise<void>;
}

/** Assembles presence, room actions, session records and the callback outbox with its delivery worker. */
export function createRoomsModule(deps: RoomsModuleDeps): RoomsModule {
  const now = deps.clock ?? Date.now;
  const configs = new CallbackConfigs(deps.db, deps.cipher);
  const worker = new CallbackDeliveryWorker({
    db: deps.db,
    configs,
    now,
    ...(deps.logger && { logger: deps.logger }),
    ...(deps.callbackOptions && { options: deps.callbackOptions }),
  });
  const rooms = new RoomService({
    db: deps.db,
    apps: deps.apps,
    records: new SessionRecords(deps.db),
    outbox: new CallbackOutbox(deps.db),
    now,
    ...(deps.logger && { logger: deps.logger }),
    onCommitted: () => worker.wake(),
    ...(deps.onRoomChange && { onChange: deps.onRoomChange }),
    ...(deps.presenceOptions && { options: deps.presenceOptions }),
  });
  const gateway = new PresenceGateway(rooms, deps.logger, deps.backpressure);
  worker.start();
  let closing: Promise<void> | undefined;
  return {
    rooms,
    callbackConfigs: configs,
    usage: new UsageQueries(deps.db, now),
    presence: gateway,
    wakeDelivery: () => worker.wake(),
    attach: (server) => gateway.attach(server),
    close: () =>
      (closing ??= (async () => {
        rooms.close();
        await gateway.close();
        await worker.stop();
      })()),
  };
}
