// Callback delivery latency of a healthy tenant while another tenant's receiver is dead (issue 22): the delivery
// worker with its default options (5 s timeout, retries after 1 s and 2 s, 64 posts in flight, 8 per subscription,
// 16 per account) on a SQLite file in a temporary directory, receivers on 127.0.0.1 in this process. Two phases in
// the same run, after an unreported warm-up: the baseline (the healthy tenant alone), then the same healthy load
// while account A's receiver accepts every post and never answers, with 1,000 of its events queued before the
// healthy load starts; the dead posts time out and are retried during the phase. Latency is from the commit that
// enqueued an event to its arrival at the receiver. Figures, not assertions: the target is printed next to them.
// Ends by itself.
//
//   npm run bench:callbacks -w @rtc-openapi/server
//   (CALLBACK_BENCH_SECONDS=12 per phase, CALLBACK_BENCH_RATE=50 healthy events per second, CALLBACK_BENCH_DEAD=1000)

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallbackConfigs } from '../src/events/callback-configs.js';
import { CallbackDeliveryWorker } from '../src/events/callback-delivery.js';
import { CallbackOutbox } from '../src/events/callback-outbox.js';
import { SqliteEventStore } from '../src/events/sqlite-event-store.js';
import { eventsMigrations } from '../src/events/migrations.js';
import { SecretCipher } from '../src/identity/secret-cipher.js';
import { openDatabase, type Database } from '../src/store/database.js';
import { median, percentile } from './median.js';

const SECONDS = Number(process.env.CALLBACK_BENCH_SECONDS ?? 12);
const RATE = Number(process.env.CALLBACK_BENCH_RATE ?? 50);
const DEAD_EVENTS = Number(process.env.CALLBACK_BENCH_DEAD ?? 1000);
const TARGET_P99_MS = 1000;
const TIME_LIMIT_MS = 2 * SECONDS * 1000 + 60_000;

const ms = (n: number): string => `${n.toFixed(1)} ms`;

interface Receiver {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rtc-events`;
}

function closing(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** Answers 200 at once and records when each event (by its EventData's UserId) first arrived. */
async function healthyReceiver(arrivals: Map<string, number>): Promise<Receiver> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrived = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { EventData: string };
      const user = (JSON.parse(body.EventData) as { UserId: string }).UserId;
      if (!arrivals.has(user)) arrivals.set(user, arrived);
      res.end('ok');
    });
  });
  return { url: await listen(server), close: closing(server) };
}

/** Accepts every post, reads it, never answers. */
async function deadReceiver(stats: { open: number; most: number; posts: number }): Promise<Receiver> {
  const server = createServer((req) => {
    req.resume();
    stats.posts++;
    stats.open++;
    stats.most = Math.max(stats.most, stats.open);
    req.socket.once('close', () => stats.open--);
  });
  return { url: await listen(server), close: closing(server) };
}

interface Phase {
  latencies: number[];
  /** Events that had not arrived when the phase ended: their latency is counted up to then (a lower bound). */
  lost: number;
}

/** One worker on a fresh database; `dead` adds account A's dead subscription with its queued events first. */
async function runPhase(
  dead: boolean,
  seconds = SECONDS,
): Promise<Phase & { dead?: { most: number; posts: number; timeouts: number } }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-callback-bench-'));
  const db: Database = openDatabase({ dataDir: dir, migrations: eventsMigrations });
  const store = new SqliteEventStore(db);
  const configs = new CallbackConfigs(store, new SecretCipher(Buffer.alloc(32, 3)));
  const outbox = new CallbackOutbox(store);
  const worker = new CallbackDeliveryWorker({ store, configs, now: Date.now });
  const arrivals = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const healthy = await healthyReceiver(arrivals);
  const deadStats = { open: 0, most: 0, posts: 0 };
  const deadReceiverSrv = dead ? await deadReceiver(deadStats) : undefined;
  const subscribe = (appId: string, accountId: string, url: string) =>
    configs.create(
      {
        appId,
        businessId: '',
        accountId,
        url,
        secretKey: `secret-${appId}`,
        eventList: ['UserJoinRoom'],
        region: 'cn-north-1',
      },
      new Date(),
    );
  subscribe('healthy-app', 'B', healthy.url);
  const emit = (appId: string, users: string[]) => {
    db.transaction(() => {
      for (const user of users) {
        outbox.enqueue({
          appId,
          eventType: 'UserJoinRoom',
          eventData: { RoomId: 'bench', UserId: user },
          at: Date.now(),
        });
      }
    })();
    worker.wake();
  };
  worker.start();
  if (deadReceiverSrv) {
    subscribe('dead-app', 'A', deadReceiverSrv.url);
    emit(
      'dead-app',
      Array.from({ length: DEAD_EVENTS }, (_, i) => `dead-${i}`),
    );
    while (deadStats.open === 0) await new Promise((r) => setTimeout(r, 10));
  }
  // The healthy tenant's load: one event per 1/RATE s, each in its own transaction (a user joining a room).
  const total = seconds * RATE;
  const started = performance.now();
  for (let sent = 0; sent < total; sent++) {
    const due = started + (sent * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt.set(`u${sent}`, performance.now());
    emit('healthy-app', [`u${sent}`]);
  }
  const deadline = performance.now() + 10_000; // for the last events
  while (arrivals.size < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const ended = performance.now();
  const latencies = [...sentAt].map(([user, at]) => (arrivals.get(user) ?? ended) - at);
  const timeouts = db
    .prepare<[], { n: number }>(
      `SELECT COUNT(*) AS n FROM callback_delivery_log WHERE app_id = 'dead-app' AND error LIKE 'no answer%'`,
    )
    .get()!.n;
  await worker.stop();
  await healthy.close();
  await deadReceiverSrv?.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    latencies,
    lost: total - arrivals.size,
    ...(dead && { dead: { most: deadStats.most, posts: deadStats.posts, timeouts } }),
  };
}

function report(name: string, phase: Phase): { median: number; p99: number } {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const figures = { median: median(sorted), p99: percentile(sorted, 99) };
  console.log(
    `${name.padEnd(34)} ${String(phase.latencies.length).padStart(5)} events  median ${ms(figures.median).padStart(9)}` +
      `  p99 ${ms(figures.p99).padStart(9)}  max ${ms(sorted.at(-1) ?? NaN).padStart(9)}` +
      (phase.lost > 0 ? `  (${phase.lost} not delivered by the end: counted to it, a lower bound)` : ''),
  );
  return figures;
}

const limit = setTimeout(() => {
  console.error(`callback fairness bench: over its ${TIME_LIMIT_MS / 1000} s time limit`);
  process.exit(1);
}, TIME_LIMIT_MS);
limit.unref();

console.log(
  `callback delivery latency of a healthy tenant (${RATE} events/s for ${SECONDS} s, enqueue -> arrival at its receiver)`,
);
await runPhase(false, 2); // warm-up (JIT, first connections), not reported
const baseline = await runPhase(false);
const withDead = await runPhase(true);
const base = report('baseline (healthy tenant alone)', baseline);
const dead = report(`with a dead tenant (${DEAD_EVENTS} queued)`, withDead);
console.log(
  `ratio with dead / baseline: median ${(dead.median / base.median).toFixed(2)}x, p99 ${(dead.p99 / base.p99).toFixed(2)}x`,
);
console.log(
  `dead tenant: ${withDead.dead!.posts} posts received, at most ${withDead.dead!.most} open at once ` +
    `(per-subscription bound 8), ${withDead.dead!.timeouts} attempts timed out during the phase`,
);
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores (receivers share this process)`,
);
console.log(`target: p99 with a dead tenant < ${TARGET_P99_MS} ms -> ${dead.p99 < TARGET_P99_MS ? 'met' : 'NOT met'}`);
clearTimeout(limit);
