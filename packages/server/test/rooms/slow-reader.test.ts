// A member that stops reading in a busy room: what the server queues for it stays under the ceiling (measured on the
// server side, the ws bufferedAmount of each connection, not the process RSS), it is dropped with close 4005 and
// leaves the room with reason SlowConsumer, and everyone else keeps getting every message. The slow reader is a
// real client whose socket is paused: the kernel buffers fill first, then the server's queue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BackpressureLimits } from '../../src/rooms/connection-backpressure.js';
import { APP_ID, startHarness, type Harness, type TestClient } from './rooms-harness.js';

const KiB = 1024;
/** A room message of 60 KiB: each one becomes a frame of about that size for every other member. */
const BIG_TEXT = 'x'.repeat(60 * KiB);
/** The frame of one such message with its envelope, rounded up. */
const BIG_FRAME = 62 * KiB;
/** Enough to fill the socket buffers of the slow reader several times over; the tests stop well before. */
const MAX_MESSAGES = 2_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function joined(h: Harness, roomId: string, userId: string): Promise<TestClient> {
  const c = await h.connect();
  await c.join({ roomId, userId, token: h.token(roomId, userId) });
  return c;
}

function messagesFrom(c: TestClient, from: string): number {
  return c.frames.filter((f) => f.type === 'message' && f.from === from).length;
}

function leaveReason(h: Harness, roomId: string, userId: string): string | undefined {
  const row = h.db
    .prepare('SELECT leave_reason FROM user_sessions WHERE room_id = ? AND user_id = ? ORDER BY joined_at DESC')
    .get(roomId, userId) as { leave_reason: string | null } | undefined;
  return row?.leave_reason ?? undefined;
}

/**
 * Sends 60 KiB room messages from `sender`, `batchSize` at a time (each batch acknowledged), until `stop` holds;
 * checks after each batch that what the server holds for all connections stays under `bound`. Returns how many
 * were sent.
 */
async function flood(
  h: Harness,
  sender: TestClient,
  stop: () => boolean,
  bound: number,
  batchSize = 10,
): Promise<number> {
  let sent = 0;
  while (!stop() && sent < MAX_MESSAGES) {
    const batch = Array.from({ length: batchSize }, () => sender.request({ type: 'send', text: BIG_TEXT }));
    for (const answer of await Promise.all(batch)) assert.equal(answer.type, 'ack');
    sent += batch.length;
    const stats = h.module.presence.stats();
    assert.ok(stats.queuedBytes <= bound, `${stats.queuedBytes} bytes queued, over ${bound}`);
  }
  return sent;
}

describe('a member that stops reading', () => {
  const limits: BackpressureLimits = {
    boundBytes: 256 * KiB,
    ceilingBytes: 1024 * KiB,
    graceMs: 60_000,
    closeWaitMs: 3_000,
  };
  let h: Harness;
  before(async () => {
    h = await startHarness({ backpressure: limits, presenceOptions: { heartbeatTimeoutMs: 60_000 } });
  });
  after(() => h.close());

  it('is dropped at the ceiling with 4005 and reason SlowConsumer while the others get every message', async () => {
    const sender = await joined(h, 'busy', 'sender');
    const watchers = [await joined(h, 'busy', 'w1'), await joined(h, 'busy', 'w2')];
    const slow = await joined(h, 'busy', 'slow');
    slow.ws.pause();
    const dropped = (): boolean => watchers[0]!.frames.some((f) => f.type === 'userLeft' && f.userId === 'slow');
    // Five connections at most: none may hold more than the ceiling and the frame that crossed it.
    const perConnection = limits.ceilingBytes + BIG_FRAME;
    const sent = await flood(h, sender, dropped, 5 * perConnection);
    assert.ok(sent < MAX_MESSAGES, 'the slow reader was dropped');
    const left = await watchers[0]!.nextOfType('userLeft', { userId: 'slow' });
    assert.equal(left.reason, 'SlowConsumer');
    assert.equal(leaveReason(h, 'busy', 'slow'), 'SlowConsumer');
    const stats = h.module.presence.stats();
    assert.ok(stats.peakConnectionQueuedBytes > limits.boundBytes, 'the test did fill the server-side queue');
    assert.ok(stats.peakConnectionQueuedBytes <= perConnection, `peak ${stats.peakConnectionQueuedBytes}`);
    assert.equal(stats.slowConsumersDropped, 1);

    // The room goes on: the others got every message, and get the next ones.
    await sender.request({ type: 'send', text: 'after' });
    for (const w of watchers) {
      await w.nextOfType('message', { text: 'after' });
      assert.equal(messagesFrom(w, 'sender'), sent + 1);
    }
    const online = (await h.call('GetRoomOnlineUsers', { AppId: APP_ID, RoomId: 'busy' })) as {
      VisibleUserList: string[];
    };
    assert.deepEqual(online.VisibleUserList.sort(), ['sender', 'w1', 'w2']);

    // Reading again, the slow client finds what was queued before the drop, then the close code.
    slow.ws.resume();
    assert.equal((await slow.waitClosed()).code, 4005);
    assert.ok(messagesFrom(slow, 'sender') < sent, 'the slow client did miss messages');
  });

  it('is not dropped for a queue under the ceiling while the grace time runs', async () => {
    const sender = await joined(h, 'calm', 'sender');
    const staller = await joined(h, 'calm', 'staller');
    staller.ws.pause();
    const overBound = (): boolean => h.module.presence.stats().queuedBytes > limits.boundBytes;
    // Batches of 4 frames: the queue stops between the bound and the ceiling.
    await flood(h, sender, overBound, Infinity, 4);
    assert.ok(overBound());
    staller.ws.resume();
    await sender.request({ type: 'send', text: 'caught up' });
    await staller.nextOfType('message', { text: 'caught up' });
    assert.equal(staller.closed, undefined);
    assert.ok(h.module.rooms.member(APP_ID, 'calm', 'staller'));
  });
});

describe('a member that stays over the bound', () => {
  const limits: BackpressureLimits = {
    boundBytes: 256 * KiB,
    ceilingBytes: 64 * 1024 * KiB,
    graceMs: 800,
    closeWaitMs: 3_000,
  };
  let h: Harness;
  before(async () => {
    h = await startHarness({ backpressure: limits, presenceOptions: { heartbeatTimeoutMs: 60_000 } });
  });
  after(() => h.close());

  it('is dropped once the grace time is over, and one that caught up in time is not', async () => {
    const sender = await joined(h, 'g', 'sender');
    const watcher = await joined(h, 'g', 'watcher');
    const brief = await joined(h, 'g', 'brief');
    const stuck = await joined(h, 'g', 'stuck');
    brief.ws.pause();
    stuck.ws.pause();
    // Over the bound for both: the sender stops, so the queues stay where they are.
    const queued = (): number => h.module.presence.stats().queuedBytes;
    await flood(h, sender, () => queued() > 2 * limits.boundBytes + 2 * BIG_FRAME, Infinity);
    // Far under the ceiling: only the grace time can drop it, and it has not run out yet.
    assert.ok(h.module.rooms.member(APP_ID, 'g', 'stuck'));
    brief.ws.resume();
    const left = await watcher.nextOfType('userLeft', { userId: 'stuck' });
    assert.equal(left.reason, 'SlowConsumer');
    await sleep(200);
    assert.equal(brief.closed, undefined);
    assert.ok(h.module.rooms.member(APP_ID, 'g', 'brief'), 'the one that caught up stays');
    assert.equal(watcher.frames.filter((f) => f.type === 'userLeft').length, 1);
  });
});

describe('server messaging to a room with a slow reader', () => {
  const limits: BackpressureLimits = {
    boundBytes: 128 * KiB,
    ceilingBytes: 512 * KiB,
    graceMs: 60_000,
    closeWaitMs: 1_000,
  };
  let h: Harness;
  before(async () => {
    h = await startHarness({ backpressure: limits, presenceOptions: { heartbeatTimeoutMs: 60_000 } });
  });
  after(() => h.close());

  it('SendBroadcast does not queue without bound for the slow reader; the others get every broadcast', async () => {
    const reader = await joined(h, 'api', 'reader');
    const slow = await joined(h, 'api', 'slow');
    slow.ws.pause();
    let sent = 0;
    while (h.module.rooms.member(APP_ID, 'api', 'slow') && sent < MAX_MESSAGES) {
      await h.call('SendBroadcast', {
        AppId: APP_ID,
        RoomId: 'api',
        From: 'backend',
        Binary: false,
        Message: BIG_TEXT,
      });
      sent++;
      // h.call runs the handler in this process without touching the network: the reader (in this process too)
      // reads only when the loop lets I/O run, as it would between two real requests.
      await new Promise((resolve) => setImmediate(resolve));
      const stats = h.module.presence.stats();
      assert.ok(stats.queuedBytes <= 2 * (limits.ceilingBytes + BIG_FRAME), `${stats.queuedBytes} bytes queued`);
    }
    assert.ok(sent < MAX_MESSAGES, 'the slow reader was dropped');
    assert.equal(leaveReason(h, 'api', 'slow'), 'SlowConsumer');
    assert.ok(h.module.presence.stats().peakConnectionQueuedBytes <= limits.ceilingBytes + BIG_FRAME);
    await h.call('SendBroadcast', { AppId: APP_ID, RoomId: 'api', From: 'backend', Binary: false, Message: 'last' });
    await reader.nextOfType('message', { text: 'last' });
    assert.equal(messagesFrom(reader, 'backend'), sent + 1);
  });
});
