import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { verifyCallback } from '@rtc-openapi/client';
import { signCallback, type CallbackFields } from '@rtc-openapi/signer';
import { listDeliveries } from '../../src/events/delivery-log.js';
import { APP_ID, openRoomsDb, startHarness, type Harness } from '../rooms/rooms-harness.js';

interface Received {
  body: Record<string, string>;
  attempt: number;
}

/** A callback receiver whose answer the test decides per request. */
async function startReceiver(answer: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  const received: Received[] = [];
  let n = 0;
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      n++;
      received.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>, attempt: n });
      for (const w of waiters.splice(0)) w();
      answer(req, res, n);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rtc-events`;
  return {
    url,
    received,
    async until(check: () => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 8000;
      while (!check()) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}: ${JSON.stringify(received.map((r) => r.body.EventType))}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 100);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SECRET = 'cb-secret-for-tests';

/** The delivery log once it has `n` entries (with `outcome`): a receiver sees a post before its answer is logged. */
async function logOf(h: Harness, n: number, outcome?: string) {
  const read = () =>
    listDeliveries(h.module.eventStore, { appId: APP_ID }).filter(
      (e) => outcome === undefined || e.outcome === outcome,
    );
  for (let i = 0; i < 100 && read().length < n; i++) await new Promise((r) => setTimeout(r, 50));
  return listDeliveries(h.module.eventStore, { appId: APP_ID });
}

async function subscribe(h: Harness, url: string, events: string[]): Promise<void> {
  const r = await h.call(
    'CreateCallback',
    { AppID: APP_ID, BusinessId: 'tests', EventList: events, SecretKey: SECRET, URL: url },
    '2020-12-01',
  );
  assert.equal(r, 'ok');
}

describe('event callbacks', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('posts signed room, user and stream events that a receiver can verify', async () => {
    const receiver = await startReceiver((_req, res) => res.end('ok'));
    cleanups.push(receiver.close);
    const h = await startHarness();
    cleanups.push(() => h.close());
    await subscribe(h, receiver.url, [
      'RoomCreate',
      'RoomDestroy',
      'UserJoinRoom',
      'UserLeaveRoom',
      'InvisibleUserJoinRoom',
      'InvisibleUserLeaveRoom',
      'RoleChangeInvisible2Visible',
      'UserPublishStream',
      'UserUnpublishStream',
    ]);
    const a = await h.connect();
    await a.join({ roomId: 'ev', userId: 'alice', token: h.token('ev', 'alice') });
    await a.request({ type: 'publish', stream: 'main', audio: true });
    const g = await h.connect();
    await g.join({ roomId: 'ev', userId: 'ghost', token: h.token('ev', 'ghost'), visible: false });
    await g.request({ type: 'setVisible', visible: true });
    await g.request({ type: 'leave' });
    await a.request({ type: 'leave' });
    const expected = [
      'RoomCreate',
      'UserJoinRoom',
      'UserPublishStream',
      'InvisibleUserJoinRoom',
      'RoleChangeInvisible2Visible',
      'UserLeaveRoom',
      'UserUnpublishStream',
      'UserLeaveRoom',
      'RoomDestroy',
    ];
    await receiver.until(() => receiver.received.length >= expected.length, 'every event');
    // Delivery is unordered in general; with one worker and no failures it follows the outbox order.
    assert.deepEqual(
      receiver.received.map((r) => r.body.EventType),
      expected,
    );
    for (const { body } of receiver.received) {
      assert.equal(body.AppId, APP_ID);
      assert.equal(body.Version, '2020-12-01');
      assert.match(body.EventTime!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      assert.match(body.Nonce!, /^\d{4}$/);
      assert.equal(body.Signature, signCallback(body as unknown as CallbackFields, SECRET));
      assert.equal(verifyCallback(body, SECRET), true);
      assert.equal(verifyCallback(body, 'wrong-secret'), false);
    }
    const join = JSON.parse(receiver.received[1]!.body.EventData!) as Record<string, unknown>;
    assert.equal(join.RoomId, 'ev');
    assert.equal(join.UserId, 'alice');
    const leave = JSON.parse(receiver.received[7]!.body.EventData!) as Record<string, unknown>;
    assert.equal(leave.Reason, 'UserLeave');
    assert.equal(new Set(receiver.received.map((r) => r.body.EventId)).size, expected.length);
    const log = await logOf(h, expected.length);
    assert.equal(log.length, expected.length);
    assert.ok(log.every((e) => e.outcome === 'delivered' && e.httpStatus === 200 && e.attempt === 1));
  });

  it('retries a receiver that fails, then delivers; gives up after the configured retries', async () => {
    // The first two posts answer 500 and a timeout (a slow receiver); the third succeeds.
    const flaky = await startReceiver((_req, res, n) => {
      if (n === 1) {
        res.statusCode = 500;
        res.end();
      } else if (n === 2) setTimeout(() => res.end(), 600);
      else res.end();
    });
    cleanups.push(flaky.close);
    const h = await startHarness({ callbackOptions: { timeoutMs: 200, retryBaseMs: 50, maxRetries: 2 } });
    cleanups.push(() => h.close());
    await subscribe(h, flaky.url, ['UserJoinRoom']);
    const c = await h.connect();
    await c.join({ roomId: 'r', userId: 'u', token: h.token('r', 'u') });
    await flaky.until(() => flaky.received.length >= 3, 'three attempts');
    const ids = new Set(flaky.received.map((r) => r.body.EventId));
    assert.equal(ids.size, 1, 'every attempt carries the same EventId');
    const eventId = [...ids][0]!;
    const waitLog = async (n: number) => {
      for (let i = 0; i < 80 && listDeliveries(h.module.eventStore, { eventId }).length < n; i++)
        await new Promise((r) => setTimeout(r, 50));
      return listDeliveries(h.module.eventStore, { eventId }).reverse();
    };
    const log = await waitLog(3);
    assert.deepEqual(
      log.map((e) => [e.attempt, e.outcome, e.httpStatus ?? null]),
      [
        [1, 'retry', 500],
        [2, 'retry', null],
        [3, 'delivered', 200],
      ],
    );
    assert.match(log[1]!.error!, /no answer within 200 ms/);

    const down = await startReceiver((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    cleanups.push(down.close);
    await h.call(
      'UpdateCallback',
      { AppID: APP_ID, BusinessID: 'tests', EventList: ['UserLeaveRoom'], SecretKey: SECRET, URL: down.url },
      '2020-12-01',
    );
    await c.request({ type: 'leave' });
    await down.until(() => down.received.length >= 3, 'three attempts');
    const leaveId = down.received[0]!.body.EventId!;
    const failed = await waitLog(0).then(async () => {
      for (let i = 0; i < 80 && listDeliveries(h.module.eventStore, { eventId: leaveId }).length < 3; i++)
        await new Promise((r) => setTimeout(r, 50));
      return listDeliveries(h.module.eventStore, { eventId: leaveId });
    });
    assert.equal(failed[0]!.outcome, 'failed');
    // No fourth attempt comes.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(down.received.length, 3);
  });

  it('resumes pending deliveries after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooms-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'rtc.sqlite');
    // The receiver never answers during the first run: every post is in flight when the server stops.
    let answering = false;
    const receiver = await startReceiver((_req, res) => {
      if (answering) res.end();
    });
    cleanups.push(receiver.close);
    const first = await startHarness({ db: openRoomsDb(file), keepDb: true, callbackOptions: { timeoutMs: 5000 } });
    await subscribe(first, receiver.url, ['RoomCreate', 'UserJoinRoom', 'UserLeaveRoom', 'RoomDestroy']);
    const c = await first.connect();
    await c.join({ roomId: 'restart', userId: 'u', token: first.token('restart', 'u') });
    await receiver.until(() => receiver.received.length >= 2, 'the first posts');
    const inFlight = new Set(receiver.received.map((r) => r.body.EventId));
    await first.close();
    first.db.close();

    answering = true;
    const second = await startHarness({ db: openRoomsDb(file) });
    cleanups.push(() => second.close());
    // RoomCreate and UserJoinRoom again (same EventIds), then the shutdown's UserLeaveRoom and RoomDestroy.
    await receiver.until(
      () =>
        ['UserLeaveRoom', 'RoomDestroy'].every((t) => receiver.received.some((r) => r.body.EventType === t)) &&
        [...inFlight].every((id) => receiver.received.filter((r) => r.body.EventId === id).length >= 2),
      'the pending events',
    );
    const delivered = (await logOf(second, 4, 'delivered')).filter((e) => e.outcome === 'delivered');
    assert.deepEqual(
      new Set(delivered.map((e) => e.eventType)),
      new Set(['RoomCreate', 'UserJoinRoom', 'UserLeaveRoom', 'RoomDestroy']),
    );
    const leave = receiver.received.find((r) => r.body.EventType === 'UserLeaveRoom')!;
    assert.equal((JSON.parse(leave.body.EventData!) as { Reason: string }).Reason, 'ServerShutdown');
  });
});
