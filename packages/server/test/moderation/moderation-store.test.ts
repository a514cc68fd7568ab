// The SQLite moderation store: rules per room and user, results filtered and paged newest first, deliveries
// recorded, pending ones failed at start, old ones pruned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SqliteModerationStore } from '../../src/moderation/sqlite-moderation-store.js';
import type { NewDetectionResult } from '../../src/moderation/moderation-store.js';
import { openDatabase } from '../../src/store/database.js';

function result(over: Partial<NewDetectionResult>): NewDetectionResult {
  return {
    eventId: 'e',
    appId: 'app',
    roomId: 'r1',
    userId: 'alice',
    mediaType: 1,
    suggest: 'PASS',
    labels: [],
    fromMs: 0,
    toMs: 1000,
    at: 1000,
    delivery: 'not-sent',
    ...over,
  };
}

test('rules: one per room or user, replaced by a second set, listed by room then user, removed', (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => db.close());
  const store = new SqliteModerationStore(db);
  store.setRule({ appId: 'app', roomId: 'r2', userId: '', violations: [], updatedAt: 1 });
  store.setRule({ appId: 'app', roomId: 'r1', userId: 'bob', violations: [{ label: 'ad', atMs: 5 }], updatedAt: 2 });
  store.setRule({ appId: 'app', roomId: 'r1', userId: '', violations: [{ label: 'gun', atMs: 1 }], updatedAt: 3 });
  store.setRule({ appId: 'app', roomId: 'r1', userId: 'bob', violations: [{ label: 'x', atMs: 9 }], updatedAt: 4 });
  store.setRule({ appId: 'other', roomId: 'r1', userId: '', violations: [], updatedAt: 5 });
  assert.deepEqual(
    store.rules('app').map((r) => [r.roomId, r.userId, r.violations.map((v) => v.label).join()]),
    [
      ['r1', '', 'gun'],
      ['r1', 'bob', 'x'],
      ['r2', '', ''],
    ],
  );
  assert.deepEqual(
    store.rules('app', 'r2').map((r) => r.roomId),
    ['r2'],
  );
  assert.equal(store.removeRule('app', 'r1', 'bob'), true);
  assert.equal(store.removeRule('app', 'r1', 'bob'), false);
  assert.equal(store.rules('app', 'r1').length, 1);
});

test('results: filtered and paged newest first; deliveries recorded; pending ones failed; old ones pruned', (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => db.close());
  const store = new SqliteModerationStore(db);
  const ids = [
    store.addResult(result({ eventId: 'a', at: 1000 })),
    store.addResult(result({ eventId: 'b', userId: 'bob', at: 2000, delivery: 'pending', suggest: 'REJECT' })),
    store.addResult(result({ eventId: 'c', roomId: 'r2', at: 3000, labels: ['gun'], delivery: 'pending' })),
  ];
  assert.deepEqual(
    store.results({ appId: 'app' }, { offset: 0, limit: 10 }).results.map((r) => r.eventId),
    ['c', 'b', 'a'],
  );
  assert.deepEqual(store.results({ appId: 'app', roomId: 'r1', userId: 'bob' }, { offset: 0, limit: 10 }).total, 1);
  const page = store.results({ appId: 'app' }, { offset: 1, limit: 1 });
  assert.deepEqual([page.total, page.results.map((r) => r.eventId)], [3, ['b']]);

  store.recordDelivery(ids[1]!, { delivery: 'delivered', attempts: 2, httpStatus: 200 });
  assert.equal(store.failPending('the server stopped'), 1);
  const [c, b, a] = store.results({}, { offset: 0, limit: 10 }).results;
  assert.deepEqual([b!.delivery, b!.attempts, b!.httpStatus, b!.error], ['delivered', 2, 200, undefined]);
  assert.deepEqual([c!.delivery, c!.error, c!.labels], ['failed', 'the server stopped', ['gun']]);
  assert.deepEqual([a!.delivery, a!.attempts, 'httpStatus' in a!], ['not-sent', 0, false]);

  assert.equal(store.pruneResults(2500), 2);
  assert.deepEqual(
    store.results({}, { offset: 0, limit: 10 }).results.map((r) => r.eventId),
    ['c'],
  );
});
