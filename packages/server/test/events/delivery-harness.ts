// The callback delivery worker on its own (no rooms, no presence): an in-memory database with the events schema,
// subscriptions made directly, events enqueued as the room service does, and waits on the delivery log. Receivers
// are real sockets on 127.0.0.1 that each test builds (receivers.ts has the hostile ones).
import type { Server } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { CallbackConfigs } from '../../src/events/callback-configs.js';
import { CallbackDeliveryWorker, type CallbackDeliveryOptions } from '../../src/events/callback-delivery.js';
import { CallbackOutbox } from '../../src/events/callback-outbox.js';
import { listDeliveries } from '../../src/events/delivery-log.js';
import type { DeliveryLogEntry } from '../../src/events/event-store.js';
import { eventsMigrations } from '../../src/events/migrations.js';
import { SqliteEventStore } from '../../src/events/sqlite-event-store.js';
import { SecretCipher } from '../../src/identity/secret-cipher.js';
import { applyMigrations, type Database } from '../../src/store/database.js';

export const SECRET = 'cb-secret-for-delivery-tests';

export interface DeliveryHarness {
  db: Database;
  worker: CallbackDeliveryWorker;
  subscribe(s: { appId: string; url: string; accountId?: string; businessId?: string }): void;
  /** Enqueues `count` UserJoinRoom events of the app in one transaction and wakes the worker; returns their ids. */
  emit(appId: string, count?: number): string[];
  /** The attempts of one event, oldest first. */
  attempts(eventId: string): DeliveryLogEntry[];
  /** The outbox row's status of one event (for its only subscription). */
  status(eventId: string): string | undefined;
  /** Waits until every event has an entry with a final outcome; returns the time it took (ms). */
  settled(eventIds: readonly string[], withinMs: number): Promise<number>;
  close(): Promise<void>;
}

export function startDelivery(options: CallbackDeliveryOptions = {}): DeliveryHarness {
  const db = new BetterSqlite3(':memory:');
  applyMigrations(db, eventsMigrations);
  const store = new SqliteEventStore(db);
  const configs = new CallbackConfigs(store, new SecretCipher(Buffer.alloc(32, 9)));
  const outbox = new CallbackOutbox(store);
  const worker = new CallbackDeliveryWorker({
    store,
    configs,
    now: Date.now,
    options: { pollIntervalMs: 50, ...options },
  });
  worker.start();
  const status = db.prepare<[string], { status: string }>('SELECT status FROM callback_outbox WHERE event_id = ?');
  const attempts = (eventId: string) => listDeliveries(store, { eventId, limit: 1000 }).reverse();
  const final = (eventId: string) => attempts(eventId).some((e) => e.outcome !== 'retry');
  return {
    db,
    worker,
    subscribe({ appId, url, accountId = '2100000001', businessId = '' }) {
      const config = { appId, businessId, accountId, url, secretKey: SECRET, eventList: ['UserJoinRoom'] };
      configs.create({ ...config, region: 'cn-north-1' }, new Date());
    },
    emit(appId, count = 1) {
      const before = db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM callback_outbox').get()!.id ?? 0;
      db.transaction(() => {
        for (let i = 0; i < count; i++) {
          const at = Date.now();
          outbox.enqueue({ appId, eventType: 'UserJoinRoom', eventData: { RoomId: 'r', UserId: `u${i}` }, at });
        }
      })();
      worker.wake();
      return db
        .prepare<[number, string], { event_id: string }>(
          'SELECT event_id FROM callback_outbox WHERE id > ? AND app_id = ? ORDER BY id',
        )
        .all(before, appId)
        .map((r) => r.event_id);
    },
    attempts,
    status: (eventId) => status.get(eventId)?.status,
    async settled(eventIds, withinMs) {
      const started = performance.now();
      while (!eventIds.every(final)) {
        if (performance.now() - started > withinMs) {
          const seen = eventIds.map((id) => attempts(id).map((e) => `${e.attempt}:${e.outcome}:${e.error ?? ''}`));
          throw new Error(`not settled within ${withinMs} ms: ${JSON.stringify(seen)}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return performance.now() - started;
    },
    async close() {
      await worker.stop();
      db.close();
    },
  };
}

/**
 * A server's open sockets (`all`) and those of them that carried a request (`used`), to check that the worker
 * closed the connections it gave up on. (After an abort, Node 20's fetch may open one idle connection more, which
 * its pool closes after its keep-alive time; `used` leaves those out.)
 */
export function trackSockets(server: Server | NetServer): { all: Set<Socket>; used: Set<Socket> } {
  const all = new Set<Socket>();
  const used = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    all.add(socket);
    socket.once('data', () => used.add(socket));
    socket.on('close', () => {
      all.delete(socket);
      used.delete(socket);
    });
  });
  return { all, used };
}

export async function listen<S extends Server | NetServer>(server: S, scheme = 'http'): Promise<{ url: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/rtc-events` };
}

export function closeServer(server: Server | NetServer, sockets: { all: Set<Socket> }): Promise<void> {
  for (const s of sockets.all) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Waits until `check` holds, polling every 10 ms; fails after `withinMs`. */
export async function until(check: () => boolean, what: string, withinMs = 5000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
