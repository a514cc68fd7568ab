// The quality and operation data through the whole server: signed calls, the real identity, room members joined
// over the presence WebSocket; bad input answers an error naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessToken, RtcApiError } from '@rtc-openapi/client';
import { startDevSession, type DevSession } from '../e2e/e2e-server.js';
import { TestClient } from '../rooms/rooms-harness.js';

const rfc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

describe('quality and operation data, signed end to end', () => {
  let s: DevSession;
  const sockets: TestClient[] = [];
  const window = { StartTime: rfc(Date.now() - 300_000), EndTime: rfc(Date.now() + 300_000) };

  before(async () => {
    s = await startDevSession({ logLevel: 'silent' });
    for (const [userId, os] of [
      ['ana', 'Android'],
      ['wei', 'Windows'],
    ] as const) {
      const token = new AccessToken({ appId: s.dev.appId, roomId: 'metrics', userId, expireAt: 0 });
      token.addPrivilege('PublishStream');
      const socket = await TestClient.connect(`${s.running.url.replace(/^http/, 'ws')}/rtc/presence`);
      sockets.push(socket);
      const joined = await socket.request({
        type: 'join',
        v: 1,
        appId: s.dev.appId,
        roomId: 'metrics',
        userId,
        token: token.serialize(s.dev.appKey),
        device: { os },
      });
      assert.equal(joined.type, 'joined');
    }
  });
  after(async () => {
    for (const socket of sockets) socket.ws.terminate();
    await s?.stop();
  });

  const call = (action: string, params: Record<string, unknown>, version?: string) =>
    (s.client.call as (a: string, p: unknown, o?: unknown) => Promise<unknown>)(
      action,
      params,
      version ? { version } : undefined,
    );

  it('counts the users who joined, and models their quality per platform', async () => {
    const ops = (await call('ListOperationData', {
      AppId: s.dev.appId,
      AggregateGranularity: '1d',
      Indicator: ['user_count', 'room_count'],
      ...window,
    })) as { Indicators: { Name: string; overview: { Value: string } }[] };
    assert.deepEqual(
      ops.Indicators.map((i) => [i.Name, i.overview.Value]),
      [
        ['user_count', '2'],
        ['room_count', '1'],
      ],
    );
    const dist = (await call('ListOperationDistribution', {
      AppId: s.dev.appId,
      Dimension: 'OS',
      Indicator: 'user_count',
      ...window,
    })) as { Data: { DistributionName: string; Value: number }[] };
    assert.deepEqual(
      dist.Data.map((d) => [d.DistributionName, d.Value]),
      [
        ['android', 1],
        ['windows', 1],
      ],
    );
    const quality = (await call('ListRealTimeQuality', {
      AppId: s.dev.appId,
      Indicator: ['e2e_delay'],
      RoomId: 'metrics',
      ...window,
    })) as { Indicators: { Data: { Value: number }[] }[] };
    // Two users in one room: each has one peer, 80 + 12 ms.
    assert.ok(quality.Indicators[0]!.Data.length > 0);
    assert.ok(
      quality.Indicators[0]!.Data.every((d) => d.Value === 92),
      JSON.stringify(quality),
    );
  });

  const refused = async (action: string, params: Record<string, unknown>, field: string, version?: string) => {
    await assert.rejects(
      call(action, params, version),
      (e: unknown) =>
        e instanceof RtcApiError && /^(InvalidParameter|MissingParameter)/.test(e.code) && e.message.includes(field),
    );
  };

  it('answers bad input with an error naming the field, never a 5xx', async () => {
    const base = { AppId: s.dev.appId, AggregateGranularity: '5min', Indicator: ['stall_rate'], ...window };
    await refused('ListQuality', { ...base, Indicator: ['nope'] }, 'Indicator');
    await refused('ListQuality', { ...base, Indicator: 'stall_rate' }, 'Indicator');
    await refused('ListQuality', { ...base, AggregateGranularity: '7min' }, 'AggregateGranularity');
    await refused('ListQuality', { ...base, EndTime: 'tomorrow' }, 'EndTime');
    await refused(
      'ListRealTimeQualityDistribution',
      { ...base, Dimension: 'Planet', Indicator: 'stall_rate' },
      'Dimension',
    );
    await refused('ListOperationData', { ...base, AggregateGranularity: '1h', Indicator: ['stall_rate'] }, 'Indicator');
    await refused(
      'ListIndicators',
      { AppId: s.dev.appId, Indicator: 'duration', OS: 'beos', ...window },
      'OS',
      '2020-12-01',
    );
    await refused(
      'GetRealtimePostProcessing',
      {
        AccountID: '2100000001',
        AppID: s.dev.appId,
        BusinessID: 'b',
        IndicatorName: 'stall_rate',
        IsDemo: 'yes',
        page: 1,
        size: 1,
        start: 0,
        end: 1,
        timestamp: 0,
      },
      'IsDemo',
    );
  });
});
