// One tenant's dead receiver (accepts, never answers) with hundreds of events queued must not hold up another
// tenant's deliveries: real sockets, the worker's bounds set small so that the old global oldest-first scan would
// have filled every slot with the dead receiver's posts.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { afterEach, it } from 'node:test';
import { closeServer, listen, startDelivery, trackSockets, until } from './delivery-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A receiver that reads each request and never answers; counts the posts it holds, per path. */
async function deadReceiver() {
  const open = new Map<string, number>();
  let most = 0;
  const mostByPath = new Map<string, number>();
  const server = createServer((req) => {
    req.resume();
    const path = req.url!;
    open.set(path, (open.get(path) ?? 0) + 1);
    mostByPath.set(path, Math.max(mostByPath.get(path) ?? 0, open.get(path)!));
    most = Math.max(
      most,
      [...open.values()].reduce((a, b) => a + b, 0),
    );
    req.socket.on('close', () => open.set(path, open.get(path)! - 1));
  });
  const sockets = trackSockets(server);
  const { url } = await listen(server);
  cleanups.push(() => closeServer(server, sockets));
  return { url: (path: string) => url.replace('/rtc-events', path), most: () => most, mostByPath };
}

async function healthyReceiver() {
  const received: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(performance.now());
      res.end('ok');
    });
  });
  const sockets = trackSockets(server);
  const { url } = await listen(server);
  cleanups.push(() => closeServer(server, sockets));
  return { url, received };
}

it("an account's dead receivers hold at most their bounds; another account's events go through at once", async () => {
  const dead = await deadReceiver();
  const healthy = await healthyReceiver();
  // Long timeouts: the dead receiver's posts stay in flight for the whole test.
  const h = startDelivery({ timeoutMs: 10_000, concurrency: 16, perSubscription: 4, perAccount: 6 });
  cleanups.push(() => h.close());
  for (const app of ['dead-1', 'dead-2', 'dead-3'])
    h.subscribe({ appId: app, url: dead.url(`/${app}`), accountId: 'A' });
  h.subscribe({ appId: 'healthy', url: healthy.url, accountId: 'B' });
  for (const app of ['dead-1', 'dead-2', 'dead-3']) h.emit(app, 300);
  await until(() => dead.most() >= 6, "the dead receivers' first posts");

  const sent = performance.now();
  const ids = h.emit('healthy', 20);
  await h.settled(ids, 1000);
  const latest = Math.max(...healthy.received) - sent;
  assert.equal(healthy.received.length, 20);
  assert.ok(latest < 1000, `the last healthy event took ${latest.toFixed(0)} ms`);
  for (const id of ids) assert.equal(h.status(id), 'delivered');

  // The account's three subscriptions together never had more than perAccount posts open, each at most 4.
  assert.equal(dead.most(), 6);
  for (const [path, most] of dead.mostByPath) assert.ok(most <= 4, `${path}: ${most} posts open at once`);
});

it("one subscription's 1,000 queued events take at most its bound of slots", async () => {
  const dead = await deadReceiver();
  const healthy = await healthyReceiver();
  const h = startDelivery({ timeoutMs: 10_000, concurrency: 8, perSubscription: 4 });
  cleanups.push(() => h.close());
  h.subscribe({ appId: 'dead', url: dead.url('/dead'), accountId: 'A' });
  // Same account, other app: the per-subscription bound alone leaves it room.
  h.subscribe({ appId: 'other-app', url: healthy.url, accountId: 'A' });
  h.emit('dead', 1000);
  await until(() => dead.most() >= 4, "the dead receiver's first posts");
  const ids = h.emit('other-app', 10);
  await h.settled(ids, 1000);
  assert.equal(healthy.received.length, 10);
  assert.equal(dead.most(), 4);
});
