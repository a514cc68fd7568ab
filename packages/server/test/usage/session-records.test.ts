import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqliteUsageStore } from '../../src/usage/sqlite-usage-store.js';
import { APP_ID, openRoomsDb, startHarness } from '../rooms/rooms-harness.js';

describe('session records after a crash', () => {
  it('closes sessions a previous run left open and queues their leave and destroy events', async () => {
    const db = openRoomsDb();
    db.prepare(
      `INSERT INTO callback_configs (app_id, business_id, account_id, url, secret_key, event_list, region, created_at,
        updated_at) VALUES (?, '', '1', 'http://127.0.0.1:9/', 's', '["UserLeaveRoom","RoomDestroy"]', 'cn-north-1', '', '')`,
    ).run(APP_ID);
    // What a run that died without closing anything leaves behind.
    const records = new SqliteUsageStore(db);
    const t = Date.now() - 60_000;
    records.openCall('call-1', APP_ID, 'crashed', t);
    records.openSession({
      sessionId: 's-1',
      callId: 'call-1',
      appId: APP_ID,
      roomId: 'crashed',
      userId: 'u',
      visible: true,
      joinedAt: t,
      ip: '',
      deviceType: '',
      os: '',
      sdkVersion: '',
    });
    records.openStream({ sessionId: 's-1', appId: APP_ID, roomId: 'crashed', userId: 'u' }, 'main', 'audio', 0, t);

    const h = await startHarness({ db, keepDb: true, callbackOptions: { pollIntervalMs: 60_000 } });
    const window = {
      StartTime: new Date(t - 60_000).toISOString(),
      EndTime: new Date(Date.now() + 60_000).toISOString(),
    };
    const users = (await h.call('ListUserInfo', { AppId: APP_ID, ...window })) as { UserList: { Finished: boolean }[] };
    assert.equal(users.UserList[0]!.Finished, true);
    const rooms = (await h.call('ListRoomInfo', { AppId: APP_ID, ...window })) as {
      RoomList: { IsFinished: boolean }[];
    };
    assert.equal(rooms.RoomList[0]!.IsFinished, true);
    const open = db.prepare('SELECT count(*) AS n FROM stream_records WHERE ended_at IS NULL').get() as { n: number };
    assert.equal(open.n, 0);
    const queued = db.prepare('SELECT event_type, event_data FROM callback_outbox ORDER BY id').all() as {
      event_type: string;
      event_data: string;
    }[];
    assert.deepEqual(
      queued.map((q) => [q.event_type, (JSON.parse(q.event_data) as { Reason: string }).Reason]),
      [
        ['UserLeaveRoom', 'ServerRestart'],
        ['RoomDestroy', 'ServerRestart'],
      ],
    );
    await h.close();
    db.close();
  });
});
