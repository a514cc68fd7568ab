// The two per-connection queues on their own: FrameQueue (frames in, one at a time, read-ahead bounded) and
// OutboundGuard (frames out, dropped past the ceiling or the grace time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutboundGuard, type OverflowCause } from '../../src/rooms/connection-backpressure.js';
import { FrameQueue } from '../../src/rooms/frame-queue.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('FrameQueue', () => {
  it('runs tasks one at a time in order, even when one awaits', async () => {
    const order: string[] = [];
    const q = new FrameQueue({ pause() {}, resume() {} }, () => order.push('unexpected'));
    q.push(1, async () => {
      await sleep(20);
      order.push('slow');
    });
    q.push(1, () => void order.push('fast'));
    await sleep(40);
    assert.deepEqual(order, ['slow', 'fast']);
  });

  it('hands what a task throws or rejects with to onUnexpected and goes on', async () => {
    const seen: unknown[] = [];
    const q = new FrameQueue({ pause() {}, resume() {} }, (e) => {
      seen.push((e as Error).message);
      throw new Error('the handler of last resort fails too');
    });
    q.push(1, () => {
      throw new RangeError('thrown');
    });
    q.push(1, () => Promise.reject(new Error('rejected')));
    q.push(1, () => void seen.push('next'));
    await tick();
    assert.deepEqual(seen, ['thrown', 'rejected', 'next']);
    assert.equal(q.pending, 0);
  });

  it('pauses reading past its limits and resumes once half is handled', async () => {
    const flow: string[] = [];
    const q = new FrameQueue({ pause: () => flow.push('pause'), resume: () => flow.push('resume') }, () => {}, {
      frames: 4,
      bytes: 1000,
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.push(1, () => gate);
    for (let i = 0; i < 3; i++) q.push(1, () => {});
    assert.deepEqual(flow, []);
    q.push(1, () => {});
    assert.deepEqual(flow, ['pause']);
    q.push(1, () => {});
    assert.deepEqual(flow, ['pause'], 'paused once');
    release();
    await tick();
    assert.deepEqual(flow, ['pause', 'resume']);
    // Bytes count too.
    q.push(2000, () => {});
    assert.deepEqual(flow, ['pause', 'resume', 'pause']);
    await tick();
    assert.deepEqual(flow, ['pause', 'resume', 'pause', 'resume']);
  });
});

describe('OutboundGuard', () => {
  const limits = { boundBytes: 100, ceilingBytes: 400, graceMs: 50, closeWaitMs: 10 };
  function guard(): { g: OutboundGuard; queue: { bytes: number }; trips: [OverflowCause, number][] } {
    const queue = { bytes: 0 };
    const trips: [OverflowCause, number][] = [];
    const g = new OutboundGuard(
      () => queue.bytes,
      limits,
      (cause, bytes) => trips.push([cause, bytes]),
    );
    return { g, queue, trips };
  }

  it('trips once at the ceiling, in a microtask of its own, and queues nothing after', async () => {
    const { g, queue, trips } = guard();
    assert.equal(
      g.send(() => (queue.bytes += 300)),
      true,
    );
    assert.equal(
      g.send(() => (queue.bytes += 300)),
      true,
    );
    assert.deepEqual(trips, [], 'not inside the sending loop');
    assert.equal(g.tripped, true);
    let written = false;
    assert.equal(
      g.send(() => (written = true)),
      false,
    );
    assert.equal(written, false);
    await Promise.resolve();
    assert.deepEqual(trips, [['ceiling', 600]]);
    assert.equal(g.peakQueuedBytes, 600);
  });

  it('trips when the queue is still over the bound after the grace time, not when it drained', async () => {
    const drained = guard();
    drained.g.send(() => (drained.queue.bytes = 150));
    drained.queue.bytes = 0;
    const stuck = guard();
    stuck.g.send(() => (stuck.queue.bytes = 150));
    await sleep(limits.graceMs + 30);
    assert.deepEqual(drained.trips, []);
    assert.equal(drained.g.tripped, false);
    assert.deepEqual(stuck.trips, [['grace', 150]]);
    // The drained one starts a new grace time when it goes over again.
    drained.g.send(() => (drained.queue.bytes = 200));
    await sleep(limits.graceMs + 30);
    assert.deepEqual(drained.trips, [['grace', 200]]);
  });

  it('leaves no timer behind once disposed', async () => {
    const { g, queue, trips } = guard();
    g.send(() => (queue.bytes = 150));
    g.dispose();
    await sleep(limits.graceMs + 30);
    assert.deepEqual(trips, []);
  });
});
