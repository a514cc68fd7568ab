import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getActionSpec } from '@rtc-openapi/api';
import { ApiError } from '../../src/errors/api-error.js';
import { CallbackConfigs } from '../../src/events/callback-configs.js';
import { CallbackOutbox, type RoomEvent } from '../../src/events/callback-outbox.js';
import { OutboxWriter } from '../../src/events/outbox-writer.js';
import { SqliteEventStore } from '../../src/events/sqlite-event-store.js';
import { buildActionTable } from '../../src/providers/action-table.js';
import type { Database } from '../../src/store/database.js';
import { invokeAction } from '../support/invoke-action.js';
import { stubProviders } from '../support/stub-providers.js';
import { APP_ID, TEST_CIPHER, openRoomsDb } from '../rooms/rooms-harness.js';

const OWNER = '2100000001';
const principal = { accountId: OWNER, userId: OWNER, userName: 'root', isMainUser: true, accessKeyId: 'AK' } as const;

function setUp(subscribed: readonly string[]) {
  const db = openRoomsDb();
  const store = new SqliteEventStore(db);
  if (subscribed.length > 0) {
    const config = { appId: APP_ID, businessId: '', accountId: OWNER, url: 'http://127.0.0.1:9/cb', secretKey: 's' };
    new CallbackConfigs(store, TEST_CIPHER).create({ ...config, eventList: [...subscribed], region: 'r' }, new Date());
  }
  const log: string[] = [];
  const writer = new OutboxWriter({
    transaction: (fn) => store.transaction(fn),
    outbox: new CallbackOutbox(store),
    wake: () => log.push(`wake after ${rows(db)} rows`),
  });
  return { db, writer, log };
}

function rows(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM callback_outbox').get() as { n: number }).n;
}

const event = (eventType = 'UserJoinRoom'): RoomEvent => ({
  appId: APP_ID,
  eventType,
  eventData: { RoomId: 'r', UserId: 'u' },
  at: Date.now(),
});

describe('OutboxWriter: state and callback rows in one transaction, delivery woken after the commit', () => {
  it('wakes delivery once per transaction that wrote rows, after it committed', () => {
    const { db, writer, log } = setUp(['UserJoinRoom']);
    const answer = writer.transaction(() => {
      writer.enqueue(event());
      writer.enqueue(event());
      assert.deepEqual(log, [], 'not woken inside the transaction');
      return 42;
    });
    assert.equal(answer, 42, "the function's value passes through");
    assert.deepEqual(log, ['wake after 2 rows']);
    assert.equal(rows(db), 2);
  });

  it('does not wake delivery when no subscription wants the event', () => {
    const { db, writer, log } = setUp(['RoomDestroy']);
    writer.transaction(() => writer.enqueue(event('UserJoinRoom')));
    const none = setUp([]);
    none.writer.transaction(() => none.writer.enqueue(event()));
    assert.deepEqual([...log, ...none.log], []);
    assert.equal(rows(db) + rows(none.db), 0);
  });

  it('a nested transaction joins the outer one: one wake, at the outer commit', () => {
    const { writer, log } = setUp(['UserJoinRoom']);
    writer.transaction(() => {
      writer.enqueue(event());
      writer.transaction(() => writer.enqueue(event()));
      assert.deepEqual(log, [], 'the inner commit does not wake delivery');
    });
    assert.deepEqual(log, ['wake after 2 rows']);
  });

  it('a transaction that throws leaves no rows and wakes nothing; the next one counts afresh', () => {
    const { db, writer, log } = setUp(['UserJoinRoom']);
    assert.throws(
      () =>
        writer.transaction(() => {
          writer.enqueue(event());
          throw new Error('the state change failed');
        }),
      /the state change failed/,
    );
    assert.equal(rows(db), 0, 'the outbox row went with the rolled-back transaction');
    assert.deepEqual(log, []);
    writer.transaction(() => undefined);
    assert.deepEqual(log, [], 'an empty transaction after it does not wake');
    writer.transaction(() => writer.enqueue(event()));
    assert.deepEqual(log, ['wake after 1 rows']);
  });

  it('an event enqueued outside a transaction is written alone and delivered', () => {
    const { db, writer, log } = setUp(['UserJoinRoom']);
    writer.enqueue(event());
    assert.equal(rows(db), 1);
    assert.deepEqual(log, ['wake after 1 rows']);
  });

  it("is a handler's ctx.transaction and ctx.events: what a failed handler enqueued is rolled back", async () => {
    const { db, writer, log } = setUp(['UserJoinRoom']);
    const spec = getActionSpec('KickUser', '2020-12-01')!;
    const identity = { authorize: () => ({ appId: APP_ID, accountId: OWNER }) };
    const outbox = { events: writer, transaction: writer.transaction };
    const kick = (fail: boolean) =>
      buildActionTable(
        stubProviders({
          KickUser: (params, ctx) =>
            ctx.transaction(() => {
              ctx.events.enqueue({ ...event(), eventData: { RoomId: params.RoomId, UserId: params.UserId } });
              if (fail) throw new ApiError('InvalidParameter', 'refused after enqueuing');
              return { message: 'success' };
            }),
        }),
      );
    const params = { AppId: APP_ID, RoomId: 'room-1', UserId: 'user-1' };
    const failed = await invokeAction({ actions: kick(true), identity, outbox }, spec, params, principal).catch(
      (e: unknown) => e,
    );
    assert.ok(failed instanceof ApiError && failed.code === 'InvalidParameter');
    assert.equal(rows(db), 0);
    assert.deepEqual(log, []);
    const done = await invokeAction({ actions: kick(false), identity, outbox }, spec, params, principal);
    assert.deepEqual(done, { message: 'success' });
    const row = db.prepare('SELECT app_id, event_type, event_data FROM callback_outbox').get();
    assert.deepEqual(row, {
      app_id: APP_ID,
      event_type: 'UserJoinRoom',
      event_data: JSON.stringify({ RoomId: 'room-1', UserId: 'user-1' }),
    });
    assert.deepEqual(log, ['wake after 1 rows']);
  });
});
