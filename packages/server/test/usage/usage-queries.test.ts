import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../src/errors/api-error.js';
import { APP_ID, startHarness, type Harness } from '../rooms/rooms-harness.js';

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('usage queries computed from the sessions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ frozenAt: T0, presenceOptions: { heartbeatTimeoutMs: 86_400_000 } });
    // alice: in room "u" from T0 to T0+180 s, publishing audio and 720p video from T0+60 s.
    // bob: from T0+30 s to T0+90 s, publishing nothing, on Linux (a "server user").
    const alice = await h.connect();
    await alice.join({
      roomId: 'u',
      userId: 'alice',
      token: h.token('u', 'alice'),
      device: { os: 'iOS', sdkVersion: '3.58' },
    });
    h.advance(30_000);
    const bob = await h.connect();
    await bob.join({ roomId: 'u', userId: 'bob', token: h.token('u', 'bob'), device: { os: 'Linux' } });
    h.advance(30_000);
    await alice.request({ type: 'publish', stream: 'main', audio: true, video: true, videoHeight: 720 });
    h.advance(30_000);
    await bob.request({ type: 'leave' });
    h.advance(90_000);
    await alice.request({ type: 'leave' });
    // A second session of the same room, still running.
    h.advance(60_000);
    const carol = await h.connect();
    await carol.join({ roomId: 'u', userId: 'carol', token: h.token('u', 'carol') });
  });
  after(() => h.close());

  const window = { StartTime: at(T0 - 3_600_000), EndTime: at(T0 + 3_600_000) };

  it('ListRoomInfo lists each room session with its times and live users', async () => {
    const r = (await h.call('ListRoomInfo', { AppId: APP_ID, ...window })) as {
      RoomList: Record<string, unknown>[];
      Total: number;
      HasMore: boolean;
    };
    assert.equal(r.Total, 2);
    assert.equal(r.HasMore, false);
    const [first, second] = r.RoomList;
    assert.deepEqual(
      { ...first, CallId: undefined },
      {
        RoomId: 'u',
        CallId: undefined,
        CreatedTime: at(T0),
        DestroyTime: at(T0 + 180_000),
        IsFinished: true,
        ActiveUserNum: 0,
      },
    );
    assert.equal(second!.IsFinished, false);
    assert.equal(second!.DestroyTime, '');
    assert.equal(second!.ActiveUserNum, 1);
    assert.notEqual(first!.CallId, second!.CallId);
    const paged = (await h.call('ListRoomInfo', { AppId: APP_ID, ...window, PageSize: 1, PageNum: 2 })) as {
      RoomList: { CallId: string }[];
      HasMore: boolean;
      PageNum: number;
    };
    assert.equal(paged.RoomList[0]!.CallId, second!.CallId);
    assert.equal(paged.HasMore, false);
  });

  it('ListUserInfo gives join and leave times, duration and whether the user published', async () => {
    const r = (await h.call('ListUserInfo', { AppId: APP_ID, ...window, ExcludeServerUser: false })) as {
      UserList: Record<string, unknown>[];
      Total: number;
    };
    assert.equal(r.Total, 3);
    const alice = r.UserList.find((u) => u.UserId === 'alice')!;
    assert.equal(alice.CreatedAt, at(T0));
    assert.equal(alice.LeaveAt, at(T0 + 180_000));
    assert.equal(alice.Duration, 180);
    assert.equal(alice.Pub, true);
    assert.equal(alice.Finished, true);
    assert.equal(alice.OS, 'iOS');
    assert.equal(alice.SdkVersion, '3.58');
    const bob = r.UserList.find((u) => u.UserId === 'bob')!;
    assert.equal(bob.Duration, 60);
    assert.equal(bob.Pub, false);
    // By default server (Linux) users are left out; UserId picks one user (the catalog's ID rule: no lists).
    const defaults = (await h.call('ListUserInfo', { AppId: APP_ID, ...window })) as { UserList: { UserId: string }[] };
    assert.deepEqual(defaults.UserList.map((u) => u.UserId).sort(), ['alice', 'carol']);
    const listed = (params: Record<string, unknown>) =>
      h.call('ListUserInfo', { AppId: APP_ID, ...window, ...params }) as Promise<{ UserList: { UserId: string }[] }>;
    const onlyBob = await listed({ UserId: 'bob', ExcludeServerUser: false });
    assert.deepEqual(
      onlyBob.UserList.map((u) => u.UserId),
      ['bob'],
    );
    assert.deepEqual((await listed({ UserId: 'bob' })).UserList, [], 'bob is a server user, left out by default');
    await assert.rejects(listed({ UserId: 'carol,bob' }), /UserId/);
  });

  it('ListUsages counts audio minutes and video minutes in the declared tier', async () => {
    const r = (await h.call('ListUsages', { AppId: APP_ID, ...window })) as { Usages: Record<string, unknown>[] };
    // alice 60 s audio-only + bob 60 s + carol (live, 0 s so far) = 2 min audio; alice 120 s of 720p video.
    assert.deepEqual(r.Usages, [
      { TimeStamp: at(Date.UTC(2026, 10, 20)), Audio: 2, VideoSDM: 0, VideoSD: 2, VideoHD: 0 },
    ]);
  });

  it('ListCallDetail gives a per-minute uplink series of what the user published', async () => {
    const r = (await h.call('ListCallDetail', {
      AppId: APP_ID,
      RoomId: 'u',
      UserId: 'alice',
      StartTime: at(T0),
      EndTime: at(T0 + 3_600_000),
    })) as {
      UserCallDetail: { UserId: string; CallDetail: { Name: string; Data: { Time: number; Value: number }[] }[] }[];
    };
    const [detail] = r.UserCallDetail;
    assert.equal(detail!.UserId, 'alice');
    const video = detail!.CallDetail.find((d) => d.Name === 'PublishedVideo')!;
    assert.deepEqual(
      video.Data.map((d) => [d.Time - T0, d.Value]),
      [
        [0, 0],
        [60_000, 1],
        [120_000, 1],
        [180_000, 0],
      ],
    );
  });

  it('ListRooms (legacy) pages room sessions with their user and stream counts', async () => {
    const r = (await h.call('ListRooms', { AppId: APP_ID, Reverse: 1, Limit: 1 }, '2020-12-01')) as Record<
      string,
      unknown
    > & {
      Rooms: Record<string, unknown>[];
    };
    assert.equal(r.Total, 2);
    assert.equal(r.ActiveNum, 1);
    assert.equal(r.InactiveNum, 1);
    assert.equal(r.Rooms.length, 1);
    assert.equal(r.Rooms[0]!.State, 1);
    const older = (await h.call('ListRooms', { AppId: APP_ID, Offset: '1', Limit: 1 }, '2020-12-01')) as {
      Rooms: Record<string, unknown>[];
    };
    assert.equal(older.Rooms.length, 1);
  });

  it('applies the documented windows: start after end is an error, a long span is clamped', async () => {
    await assert.rejects(
      h.call('ListRoomInfo', { AppId: APP_ID, StartTime: at(T0 + 1000), EndTime: at(T0) }),
      (e: unknown) => e instanceof ApiError && e.code === 'InvalidParameter.StartTimeAfterEndTime',
    );
    await assert.rejects(
      h.call('ListUsages', { AppId: APP_ID, StartTime: 'yesterday', EndTime: at(T0) }),
      (e: unknown) => e instanceof ApiError && e.code === 'InvalidParameter' && /StartTime/.test(e.message),
    );
    // An impossible date is refused, not rolled over (Date.parse reads 2024-02-30 as 1 March).
    await assert.rejects(
      h.call('ListUsages', { AppId: APP_ID, StartTime: at(T0), EndTime: '2024-02-30T00:00:00Z' }),
      (e: unknown) => e instanceof ApiError && e.code === 'InvalidParameter' && /EndTime/.test(e.message),
    );
    // ListUserInfo spans at most 6 h: a window starting 7 h before the sessions sees none of them.
    const far = (await h.call('ListUserInfo', {
      AppId: APP_ID,
      StartTime: at(T0 - 7 * 3_600_000),
      EndTime: at(T0 + 3_600_000),
    })) as {
      Total: number;
    };
    assert.equal(far.Total, 0);
    // ListCallDetail looks back 6 days at most.
    h.advance(7 * 86_400_000);
    const old = (await h.call('ListCallDetail', {
      AppId: APP_ID,
      RoomId: 'u',
      UserId: 'alice',
      StartTime: at(T0),
      EndTime: at(T0 + 3_600_000),
    })) as { UserCallDetail: unknown[] };
    assert.deepEqual(old.UserCallDetail, []);
  });
});
