import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import { CallbackConfigs } from '../events/callback-configs.js';
import { CallbackDeliveryWorker, type CallbackDeliveryOptions } from '../events/callback-delivery.js';
import { CallbackOutbox } from '../events/callback-outbox.js';
import type { EventStore } from '../events/event-store.js';
import { OutboxWriter } from '../events/outbox-writer.js';
import { SqliteEventStore } from '../events/sqlite-event-store.js';
import type { SecretCipher } from '../identity/secret-cipher.js';
import type { Database } from '../store/database.js';
import { SqliteUsageStore } from '../usage/sqlite-usage-store.js';
import { SessionSpans } from '../usage/session-spans.js';
import { UsageQueries } from '../usage/usage-queries.js';
import type { UsageStore } from '../usage/usage-store.js';
import type { RoomAppDirectory } from './app-directory.js';
import type { BackpressureLimits } from './connection-backpressure.js';
import { PresenceGateway } from './presence-gateway.js';
import { RoomService, type PresenceOptions } from './room-service.js';
import type { RoomStore } from './room-store.js';
import { SqliteRoomStore } from './sqlite-room-store.js';
import { VirtualMembers } from './virtual-members.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';

export interface RoomsModuleDeps {
  /** Opened with the rooms migrations applied (`store/openDatabase` lists them). */
  db: Database;
  /** Subscriptions, outbox and delivery log; default: the SQLite store on `db`. */
  events?: EventStore;
  /** Session records and the usage queries; default: the SQLite store on `db`. */
  usage?: UsageStore;
  /** Bans, stream bans and token limits; default: the SQLite store on `db`. */
  rooms?: RoomStore;
  apps: RoomAppDirectory;
  /** Seals callback secrets at rest (the server's master key, as for access keys and AppKeys). */
  cipher: SecretCipher;
  /** Unix ms; tests move time with it. */
  clock?: () => number;
  logger?: Logger;
  callbackOptions?: CallbackDeliveryOptions;
  /** How callback receivers are reached (the operator's fetch policy). */
  fetch?: OutboundFetch;
  presenceOptions?: PresenceOptions;
  /** What the server holds for a presence connection that does not read (DEFAULT_BACKPRESSURE). */
  backpressure?: Partial<BackpressureLimits>;
  /** Told after every committed room change (join, leave, visibility, streams): the web console's live view. */
  onRoomChange?: () => void;
}

export interface RoomsModule {
  /** Live presence: the room, messaging and voice providers act on it. */
  rooms: RoomService;
  /** Server-side members (the voice agent, relays): visible users without a socket (virtual-members.ts). */
  virtualMembers: VirtualMembers;
  /** The events domain's store: subscriptions, outbox, delivery log. */
  eventStore: EventStore;
  /** The apps' callback subscriptions (the callback-config provider). */
  callbackConfigs: CallbackConfigs;
  /** Queries over the session records (the data-quality-usage provider). */
  usage: UsageQueries;
  /** The presence WebSocket endpoint; its queue stats are for tests and the flood benchmark. */
  presence: PresenceGateway;
  /**
   * The outbox with the transaction that writes a change's state and its callback rows together, waking delivery
   * after the commit: for the other domains (the media tasks) and the handlers (`ctx.events`, `ctx.transaction`).
   */
  events: OutboxWriter;
  /** Serves the presence WebSocket endpoint (`/rtc/presence`) on this server. */
  attach(server: HttpServer | HttpsServer): void;
  /** Ends every presence session (their leave events are written) and stops callback delivery. */
  close(): Promise<void>;
}

/** Assembles presence, room actions, session records and the callback outbox with its delivery worker. */
export function createRoomsModule(deps: RoomsModuleDeps): RoomsModule {
  const now = deps.clock ?? Date.now;
  const eventStore = deps.events ?? new SqliteEventStore(deps.db);
  const usage = deps.usage ?? new SqliteUsageStore(deps.db);
  const configs = new CallbackConfigs(eventStore, deps.cipher);
  const worker = new CallbackDeliveryWorker({
    store: eventStore,
    configs,
    now,
    ...(deps.logger && { logger: deps.logger }),
    ...(deps.callbackOptions && { options: deps.callbackOptions }),
    ...(deps.fetch && { fetch: deps.fetch }),
  });
  const outbox = new CallbackOutbox(eventStore);
  const events = new OutboxWriter({
    transaction: (fn) => eventStore.transaction(fn),
    outbox,
    wake: () => worker.wake(),
  });
  const rooms = new RoomService({
    store: deps.rooms ?? new SqliteRoomStore(deps.db),
    apps: deps.apps,
    records: usage,
    events,
    now,
    ...(deps.logger && { logger: deps.logger }),
    ...(deps.onRoomChange && { onChange: deps.onRoomChange }),
    ...(deps.presenceOptions && { options: deps.presenceOptions }),
  });
  const gateway = new PresenceGateway(rooms, deps.logger, deps.backpressure);
  worker.start();
  let closing: Promise<void> | undefined;
  return {
    rooms,
    virtualMembers: new VirtualMembers(rooms, (e) => deps.logger?.error({ err: e }, 'a virtual member owner failed')),
    eventStore,
    callbackConfigs: configs,
    usage: new UsageQueries(usage, now, new SessionSpans(usage, now)),
    presence: gateway,
    events,
    attach: (server) => gateway.attach(server),
    close: () =>
      (closing ??= (async () => {
        rooms.close();
        await gateway.close();
        await worker.stop();
      })()),
  };
}
