import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeliveryScheduler, type DeliveryLimits, type Subscription } from '../../src/events/delivery-scheduler.js';

interface Row {
  app: string;
  n: number;
  dueAt: number;
}

/** Subscriptions' queues in memory, loaded the way the worker loads the outbox (due rows not in flight). */
function queues(rows: Record<string, number>, accountOf: (app: string) => string = () => 'acct') {
  const pending = new Map<string, Row[]>();
  for (const [app, count] of Object.entries(rows)) {
    pending.set(
      app,
      Array.from({ length: count }, (_, n) => ({ app, n, dueAt: 0 })),
    );
  }
  const inFlight = new Set<Row>();
  const loads: string[] = [];
  return {
    pending,
    loads,
    touchAll(s: DeliveryScheduler) {
      for (const app of pending.keys()) s.touch(app, '', () => accountOf(app));
    },
    pick(s: DeliveryScheduler, now = 1000) {
      const picked = s.pick(now, (sub: Subscription, max: number) => {
        loads.push(sub.appId);
        const waiting = pending.get(sub.appId)!.filter((r) => !inFlight.has(r));
        const due = waiting.filter((r) => r.dueAt <= now).slice(0, max);
        const after = waiting.filter((r) => !due.includes(r)).sort((a, b) => a.dueAt - b.dueAt)[0];
        return { rows: due, nextDueAt: after ? after.dueAt : Infinity };
      });
      for (const p of picked) inFlight.add(p.row);
      return picked;
    },
    /** The row is delivered (gone from the queue) or, with retryAt, scheduled again. */
    finish(s: DeliveryScheduler, p: { sub: Subscription; row: Row }, retryAt?: number) {
      inFlight.delete(p.row);
      const q = pending.get(p.row.app)!;
      if (retryAt === undefined) q.splice(q.indexOf(p.row), 1);
      else p.row.dueAt = retryAt;
      s.finished(p.sub, retryAt);
    },
  };
}

const limits = (l: Partial<DeliveryLimits>): DeliveryLimits => ({
  concurrency: 64,
  perSubscription: 8,
  perAccount: 64,
  ...l,
});

describe('delivery scheduler', () => {
  it('serves subscriptions in turn, not the one with the most queued rows first', () => {
    const s = new DeliveryScheduler(limits({ concurrency: 4 }));
    const q = queues({ big: 1000, b: 2, c: 1 });
    q.touchAll(s);
    const first = q.pick(s);
    assert.deepEqual(
      first.map((p) => `${p.row.app}${p.row.n}`),
      ['big0', 'b0', 'c0', 'big1'],
    );
    // The next pick starts after the last one served (big): b is first.
    q.finish(s, first[1]!);
    q.finish(s, first[0]!);
    assert.deepEqual(
      q.pick(s).map((p) => `${p.row.app}${p.row.n}`),
      ['b1', 'big2'],
    );
  });

  it('holds each subscription and each account to its bound, whatever is queued', () => {
    const s = new DeliveryScheduler(limits({ concurrency: 16, perSubscription: 4, perAccount: 6 }));
    const q = queues({ x1: 1000, x2: 1000, x3: 1000, h: 3 }, (app) => (app.startsWith('x') ? 'hostile' : 'healthy'));
    q.touchAll(s);
    const picked = q.pick(s);
    const byApp = (app: string) => picked.filter((p) => p.row.app === app).length;
    assert.equal(byApp('x1') + byApp('x2') + byApp('x3'), 6);
    assert.ok(byApp('x1') <= 4 && byApp('x2') <= 4 && byApp('x3') <= 4);
    assert.equal(byApp('h'), 3);
    assert.equal(s.inFlight, 9);
    // Nothing more while those are in flight, though 7 slots are free: the rest is the hostile account's.
    assert.equal(q.pick(s).length, 0);
    assert.equal(q.loads.filter((a) => a.startsWith('x')).length, 3, 'a full subscription is not even loaded');
  });

  it('waits for a retry to fall due, and forgets a subscription with nothing left', () => {
    const s = new DeliveryScheduler(limits({}));
    const q = queues({ a: 1 });
    q.touchAll(s);
    const [p] = q.pick(s, 1000);
    q.finish(s, p!, 1500);
    assert.equal(s.nextDueAt(), 1500);
    const loads = q.loads.length;
    assert.equal(q.pick(s, 1200).length, 0);
    assert.equal(q.loads.length, loads, 'not loaded before it is due');
    const [again] = q.pick(s, 1500);
    assert.equal(again?.row.n, 0);
    assert.equal(s.size, 1);
    q.finish(s, again!);
    assert.equal(q.pick(s, 1600).length, 0);
    assert.equal(s.size, 0);
    assert.equal(s.nextDueAt(), Infinity);
    // A new row brings it back.
    q.pending.get('a')!.push({ app: 'a', n: 1, dueAt: 1600 });
    s.touch('a', '', () => 'acct');
    assert.equal(q.pick(s, 1600)[0]?.row.n, 1);
  });

  it('a subscription that appears is served after those already waiting', () => {
    const s = new DeliveryScheduler(limits({ concurrency: 2, perSubscription: 1 }));
    const q = queues({ a: 5, b: 5, c: 5 });
    for (const app of ['a', 'b']) s.touch(app, '', () => 'acct');
    const first = q.pick(s);
    assert.deepEqual(
      first.map((p) => p.row.app),
      ['a', 'b'],
    );
    s.touch('c', '', () => 'acct');
    for (const p of first) q.finish(s, p);
    const second = q.pick(s);
    assert.deepEqual(
      second.map((p) => p.row.app),
      ['a', 'b'],
    );
    for (const p of second) q.finish(s, p);
    assert.deepEqual(
      q.pick(s).map((p) => p.row.app),
      ['c', 'a'],
    );
  });
});
