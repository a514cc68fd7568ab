// The quality and operation series computed from the session records, with a frozen clock: exact figures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../src/errors/api-error.js';
import { PLATFORM_BASE } from '../../src/usage/quality-model.js';
import { APP_ID, startHarness, type Harness } from '../rooms/rooms-harness.js';

// 10:00 UTC, a multiple of 5 minutes, 1 hour and (minus 10 h) of 1 day.
const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const MIN = 60_000;

interface Series {
  Name: string;
  Unit: string;
  Data: { TimeStamp: string; Value: number }[];
  overview: Record<string, string>;
}

const rejectsNaming = (promise: Promise<unknown>, field: string, code = 'InvalidParameter') =>
  assert.rejects(promise, (e: unknown) => e instanceof ApiError && e.code === code && e.message.includes(field));

describe('quality and operation data from the session records', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ frozenAt: T0, presenceOptions: { heartbeatTimeoutMs: 86_400_000 } });
    // Room "q": alice (Android) from T0 to T0+10 min, publishing 1080p video from T0+2 min;
    // bob (web) from T0+3 min to T0+8 min. Room "r": carol (iOS) from T0+6 min, still there.
    const alice = await h.connect();
    await alice.join({ roomId: 'q', userId: 'alice', token: h.token('q', 'alice'), device: { os: 'Android' } });
    h.advance(2 * MIN);
    await alice.request({ type: 'publish', stream: 'main', audio: true, video: true, videoHeight: 1080 });
    h.advance(MIN);
    const bob = await h.connect();
    await bob.join({ roomId: 'q', userId: 'bob', token: h.token('q', 'bob'), device: { os: 'Web' } });
    h.advance(3 * MIN);
    const carol = await h.connect();
    await carol.join({ roomId: 'r', userId: 'carol', token: h.token('r', 'carol'), device: { os: 'iOS' } });
    h.advance(2 * MIN);
    await bob.request({ type: 'leave' });
    h.advance(2 * MIN);
    await alice.request({ type: 'leave' });
    h.advance(5 * MIN); // now T0 + 15 min
  });
  after(() => h.close());

  const window = { StartTime: at(T0), EndTime: at(T0 + 15 * MIN) };
  const byName = (r: unknown, name: string): Series =>
    (r as { Indicators: Series[] }).Indicators.find((s) => s.Name === name)!;
  const points = (s: Series) => s.Data.map((d) => [(Date.parse(d.TimeStamp) - T0) / MIN, d.Value]);

  it('ListOperationData counts users, rooms, joins and minutes per hour', async () => {
    const r = (await h.call('ListOperationData', {
      AppId: APP_ID,
      AggregateGranularity: '1h',
      Indicator: ['user_count', 'room_count', 'join_count', 'duration', 'peak_concurrent_users', 'publish_user_count'],
      ...window,
    })) as { AggregateGranularity: string };
    assert.equal(r.AggregateGranularity, '1h');
    assert.deepEqual(points(byName(r, 'user_count')), [[0, 3]]);
    assert.deepEqual(points(byName(r, 'room_count')), [[0, 2]]);
    assert.deepEqual(points(byName(r, 'join_count')), [[0, 3]]);
    // alice 10 + bob 5 + carol 9 (still there at T0+15) = 24 user minutes.
    assert.deepEqual(points(byName(r, 'duration')), [[0, 24]]);
    assert.deepEqual(points(byName(r, 'peak_concurrent_users')), [[0, 3]]);
    assert.deepEqual(points(byName(r, 'publish_user_count')), [[0, 1]]);
    assert.equal(byName(r, 'user_count').overview.Value, '3');
    assert.equal(byName(r, 'duration').Unit, 'min');
  });

  it('ListRealTimeOperationData gives a point per minute', async () => {
    const r = await h.call('ListRealTimeOperationData', { AppId: APP_ID, Indicator: ['user_count'], ...window });
    const users = points(byName(r, 'user_count'));
    assert.equal(users.length, 15);
    assert.deepEqual(users.slice(0, 4), [
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    assert.deepEqual(users[6], [6, 3], 'alice, bob and carol in minute 6');
    assert.deepEqual(users[9], [9, 2], 'alice and carol in minute 9');
    assert.deepEqual(users[12], [12, 1], 'carol alone');
    assert.equal(byName(r, 'user_count').overview.MaxValue, '3');
  });

  it('ListQuality in 5-minute points: the model follows platform, load and resolution', async () => {
    const r = await h.call('ListQuality', {
      AppId: APP_ID,
      AggregateGranularity: '5min',
      Indicator: ['video_stall_rate', 'e2e_delay', 'join_room_success_rate'],
      ...window,
    });
    const stall = points(byName(r, 'video_stall_rate'));
    assert.deepEqual(
      stall.map(([t]) => t),
      [0, 5, 10],
    );
    // Minutes 10-15: carol alone on iOS, no video: the iOS base figure exactly.
    assert.deepEqual(stall[2], [10, PLATFORM_BASE.ios]);
    // Minutes 0-5 hold alice publishing 1080p with bob beside her: worse than alice alone would be.
    assert.ok(stall[0]![1]! > PLATFORM_BASE.android, JSON.stringify(stall));
    const onlyCarol = await h.call('ListQuality', {
      AppId: APP_ID,
      AggregateGranularity: '5min',
      Indicator: ['e2e_delay'],
      OS: ['ios'],
      ...window,
    });
    assert.deepEqual(points(byName(onlyCarol, 'e2e_delay')), [
      [5, 80],
      [10, 80],
    ]);
    // Joins in minutes 0-5 (alice, bob) and 5-10 (carol); none after.
    assert.deepEqual(points(byName(r, 'join_room_success_rate')), [
      [0, 100],
      [5, 100],
    ]);
    assert.equal(byName(r, 'video_stall_rate').overview.ExtraInfo!.startsWith('modelled'), true);
    // The same query twice gives the same figures: the model is deterministic.
    assert.deepEqual(
      await h.call('ListQuality', {
        AppId: APP_ID,
        AggregateGranularity: '5min',
        Indicator: ['video_stall_rate', 'e2e_delay', 'join_room_success_rate'],
        ...window,
      }),
      r,
    );
  });

  it('filters by room, user, product type and access', async () => {
    const q = (extra: Record<string, unknown>) =>
      h.call('ListQuality', {
        AppId: APP_ID,
        AggregateGranularity: '1d',
        Indicator: ['stall_rate'],
        ...window,
        ...extra,
      });
    assert.equal(byName(await q({ RoomId: 'r' }), 'stall_rate').Data[0]!.Value, PLATFORM_BASE.ios);
    assert.deepEqual(byName(await q({ RoomId: 'nobody-here' }), 'stall_rate').Data, []);
    assert.equal(byName(await q({ UserId: ['carol'] }), 'stall_rate').Data.length, 1);
    // web: bob only, with alice in his room (1 peer): base(web) * 1.15.
    assert.equal(byName(await q({ ProductType: 'web' }), 'stall_rate').Data[0]!.Value, 1.73);
    assert.deepEqual(byName(await q({ Access: ['4g'] }), 'stall_rate').Data, [], 'sessions count as wifi');
    assert.equal(byName(await q({ Access: ['wifi'] }), 'stall_rate').Data.length, 1);
  });

  it('ListRealTimeQuality echoes the room and users asked for', async () => {
    const r = (await h.call('ListRealTimeQuality', {
      AppId: APP_ID,
      Indicator: ['audio_stall_rate'],
      RoomId: 'q',
      UserId: ['alice'],
      ...window,
    })) as { RoomId: string; UserId: string[] };
    assert.equal(r.RoomId, 'q');
    assert.deepEqual(r.UserId, ['alice']);
    assert.equal(byName(r, 'audio_stall_rate').Data.length, 10, 'alice was there for minutes 0 to 9');
  });

  it('distributions split by OS', async () => {
    const d = (await h.call('ListQualityDistribution', {
      AppId: APP_ID,
      Dimension: 'OS',
      Indicator: 'e2e_delay',
      ...window,
    })) as { Indicators: { Name: string; Data: { Dimension: string; Value: number }[] }[] };
    assert.deepEqual(
      d.Indicators[0]!.Data.map((p) => p.Dimension),
      ['android', 'ios', 'web'],
    );
    const rt = (await h.call('ListRealTimeQualityDistribution', {
      AppId: APP_ID,
      Dimension: 'OS',
      Indicator: 'e2e_delay',
      Platform: 'ios',
      ...window,
    })) as { Indicators: { Data: { Dimension: string; Value: number }[] }[] };
    assert.equal(rt.Indicators[0]!.Data.length, 9, 'carol from minute 6 to 14');
    assert.ok(rt.Indicators[0]!.Data.every((p) => p.Dimension === 'ios' && p.Value === 80));
    const op = (await h.call('ListOperationDistribution', {
      AppId: APP_ID,
      Dimension: 'OS',
      Indicator: 'user_count',
      ...window,
    })) as { Name: string; Dimension: string; Data: { DistributionName: string; Value: number; Proportion: number }[] };
    assert.equal(op.Name, 'user_count');
    assert.deepEqual(
      op.Data.map((g) => [g.DistributionName, g.Value, g.Proportion]),
      [
        ['android', 1, 0.3333],
        ['ios', 1, 0.3333],
        ['web', 1, 0.3333],
      ],
    );
    const country = (await h.call('ListOperationDistribution', {
      AppId: APP_ID,
      Dimension: 'Country',
      Indicator: 'user_count',
      ...window,
    })) as { Data: { DistributionName: string; Value: number; Proportion: number }[] };
    assert.deepEqual(country.Data, [{ DistributionName: 'Unknown', Value: 3, Proportion: 1 }]);
  });

  it('ListIndicators (legacy) and GetRealtimePostProcessing', async () => {
    const legacy = await h.call(
      'ListIndicators',
      { AppId: APP_ID, Indicator: 'user_count', OS: 'android', ...window },
      '2020-12-01',
    );
    assert.deepEqual(points(byName(legacy, 'user_count')), [
      [0, 1],
      [5, 1],
      [10, 0],
    ]);
    const post = (await h.call('GetRealtimePostProcessing', {
      AccountID: '2100000001',
      AppID: APP_ID,
      BusinessID: 'any',
      IndicatorName: 'peak_concurrent_users',
      IsDemo: false,
      page: 1,
      size: 10,
      start: T0 / 1000,
      end: T0 / 1000 + 900,
      timestamp: T0 / 1000,
    })) as { common: { abnormal: number; timestamp: number; value: number } };
    assert.deepEqual(post.common, { abnormal: 0, timestamp: T0 / 1000 + 900, value: 3 });
  });

  it('refuses bad input with an error naming the field', async () => {
    const base = { AppId: APP_ID, AggregateGranularity: '5min', Indicator: ['stall_rate'], ...window };
    await rejectsNaming(h.call('ListQuality', { ...base, Indicator: ['bogus'] }), 'Indicator');
    await rejectsNaming(h.call('ListQuality', { ...base, Indicator: ['user_count'] }), 'Indicator');
    await rejectsNaming(h.call('ListQuality', { ...base, Indicator: [] }), 'Indicator', 'MissingParameter');
    await rejectsNaming(h.call('ListQuality', { ...base, AggregateGranularity: '1h' }), 'AggregateGranularity');
    await rejectsNaming(h.call('ListQuality', { ...base, OS: ['symbian'] }), 'OS');
    await rejectsNaming(h.call('ListQuality', { ...base, Access: ['6g'] }), 'Access');
    await rejectsNaming(h.call('ListQuality', { ...base, ProductType: 'tv' }), 'ProductType');
    await rejectsNaming(h.call('ListQuality', { ...base, StartTime: 'soon' }), 'StartTime');
    await rejectsNaming(
      h.call('ListQuality', { ...base, StartTime: window.EndTime, EndTime: window.StartTime }),
      'StartTime',
      'InvalidParameter.StartTimeAfterEndTime',
    );
    await rejectsNaming(
      h.call('ListOperationData', { ...base, AggregateGranularity: '5min', Indicator: ['user_count'] }),
      'AggregateGranularity',
    );
    await rejectsNaming(
      h.call('ListOperationDistribution', { AppId: APP_ID, Dimension: 'Galaxy', Indicator: 'user_count', ...window }),
      'Dimension',
    );
    await rejectsNaming(
      h.call(
        'ListIndicators',
        { AppId: APP_ID, Indicator: 'user_count', Network: 'ethernet', ...window },
        '2020-12-01',
      ),
      'Network',
    );
    const post = {
      AccountID: '2100000001',
      AppID: APP_ID,
      BusinessID: 'b',
      IndicatorName: 'stall_rate',
      IsDemo: false,
      page: 1,
      size: 1,
      start: 10,
      end: 5,
      timestamp: 0,
    };
    await rejectsNaming(h.call('GetRealtimePostProcessing', post), 'start', 'InvalidParameter.StartTimeAfterEndTime');
    await rejectsNaming(
      h.call('GetRealtimePostProcessing', { ...post, end: 20, AccountID: '999' }),
      'AccountID',
      'InvalidParameter.AccountIdMismatch',
    );
    await rejectsNaming(h.call('GetRealtimePostProcessing', { ...post, end: 20, page: 0 }), 'page');
  });
});
