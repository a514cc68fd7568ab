import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CallbackConfigs } from '../../src/events/callback-configs.js';
import { CallbackOutbox } from '../../src/events/callback-outbox.js';
import { OutboxWriter } from '../../src/events/outbox-writer.js';
import { SqliteEventStore } from '../../src/events/sqlite-event-store.js';
import type { ParsedFrameOf } from '../../src/rooms/parse-client-frame.js';
import { RoomService } from '../../src/rooms/room-service.js';
import type { PresenceConnection } from '../../src/rooms/room-state.js';
import { SqliteRoomStore } from '../../src/rooms/sqlite-room-store.js';
import { SqliteUsageStore } from '../../src/usage/sqlite-usage-store.js';
import { AccessToken } from '@rtc-openapi/client';
import { ACCOUNT_ID, APP_ID, APP_KEY, TEST_CIPHER, openRoomsDb } from './rooms-harness.js';

const conn: PresenceConnection = { ip: '127.0.0.1', send: () => {}, close: () => {} };

function joinFrame(roomId: string, userId: string): ParsedFrameOf<'join'> {
  const token = new AccessToken({ appId: APP_ID, roomId, userId, expireAt: 0 }).serialize(APP_KEY);
  return {
    type: 'join',
    v: 1,
    appId: APP_ID,
    roomId,
    userId,
    token,
    visible: true,
    device: { type: '', os: '', sdkVersion: '' },
  };
}

/** The delivery worker is woken (OutboxWriter's wake) only by a transaction that wrote outbox rows. */
describe('RoomService wakes callback delivery only for enqueued events', () => {
  const db = openRoomsDb();
  let wakes = 0;
  const events = new SqliteEventStore(db);
  const rooms = new RoomService({
    store: new SqliteRoomStore(db),
    apps: {
      getApp: (id) =>
        id === APP_ID ? { appId: id, accountId: ACCOUNT_ID, appKey: APP_KEY, status: 'enabled' } : undefined,
    },
    records: new SqliteUsageStore(db),
    events: new OutboxWriter({
      transaction: (fn) => events.transaction(fn),
      outbox: new CallbackOutbox(events),
      wake: () => wakes++,
    }),
    now: Date.now,
  });
  after(() => {
    rooms.close();
    db.close();
  });
  const outboxRows = (): number => (db.prepare('SELECT count(*) AS n FROM callback_outbox').get() as { n: number }).n;
  const subscribe = (businessId: string, eventList: string[]): void => {
    const config = {
      appId: APP_ID,
      businessId,
      accountId: ACCOUNT_ID,
      url: 'http://127.0.0.1:9/cb',
      secretKey: 's',
      eventList,
      region: 'cn-north-1',
    };
    new CallbackConfigs(new SqliteEventStore(db), TEST_CIPHER).create(config, new Date());
  };

  it('does not wake the worker for a join and leave when the app has no callback subscription', async () => {
    const before = wakes;
    const m = await rooms.join(conn, joinFrame('quiet', 'alice'));
    rooms.leave(m, 'UserLeave');
    assert.equal(outboxRows(), 0);
    assert.equal(wakes, before);
  });

  it('does not wake the worker when the subscription lists other events', async () => {
    subscribe('other', ['UserPublishStream']);
    const before = wakes;
    const m = await rooms.join(conn, joinFrame('quiet2', 'bob'));
    assert.equal(outboxRows(), 0);
    assert.equal(wakes, before);
    rooms.leave(m, 'UserLeave');
  });

  it('wakes the worker once per transaction that enqueued rows', async () => {
    subscribe('', ['RoomCreate', 'UserJoinRoom']);
    const before = wakes;
    await rooms.join(conn, joinFrame('loud', 'carol'));
    assert.equal(outboxRows(), 2);
    assert.equal(wakes, before + 1);
  });
});
