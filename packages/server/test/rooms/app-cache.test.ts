import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CallbackOutbox } from '../../src/events/callback-outbox.js';
import { RoomService } from '../../src/rooms/room-service.js';
import { SessionRecords } from '../../src/usage/session-records.js';
import { ACCOUNT_ID, APP_ID, APP_KEY, openRoomsDb } from './rooms-harness.js';

describe('RoomService app cache', () => {
  const db = openRoomsDb();
  const lookups = new Map<string, number>();
  const rooms = new RoomService({
    db,
    apps: {
      getApp: (id) => {
        lookups.set(id, (lookups.get(id) ?? 0) + 1);
        return id === APP_ID ? { appId: id, accountId: ACCOUNT_ID, appKey: APP_KEY, status: 'enabled' } : undefined;
      },
    },
    records: new SessionRecords(db),
    outbox: new CallbackOutbox(db),
    now: () => 1_700_000_000_000,
    onCommitted: () => {},
  });
  after(() => {
    rooms.close();
    db.close();
  });

  it('caches lookups, unknown AppIds included, but does not grow without bound', async () => {
    await rooms.app(APP_ID);
    await rooms.app(APP_ID);
    assert.equal(lookups.get(APP_ID), 1);
    assert.equal(await rooms.app('unknown-0'), undefined);
    assert.equal(await rooms.app('unknown-0'), undefined);
    assert.equal(lookups.get('unknown-0'), 1);
    // Client-supplied AppIds fill the cache; at its bound it starts again, so the first entries are looked up anew.
    for (let i = 1; i < 10_000; i++) await rooms.app(`unknown-${i}`);
    await rooms.app(APP_ID);
    assert.equal(lookups.get(APP_ID), 2);
  });
});
