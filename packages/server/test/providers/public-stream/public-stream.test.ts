// Public streams: started, updated and stopped through the API, told by signed Transcode* callbacks, looked up by a
// real room client (RoomClient.publicStream) that sees its status and streams change; idle and the metrics series.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { AccessToken } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import { startPushWorld, until, type PushWorld } from '../push-cdn/push-harness.js';

describe('public streams (time scale 20)', () => {
  let world: PushWorld;
  let carol: RoomClient;
  before(async () => {
    world = await startPushWorld({ timeScale: 20 });
    carol = new RoomClient({ url: `${world.running.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
    const token = new AccessToken({ appId: world.dev.appId, roomId: 'pub-room', userId: 'carol', expireAt: 0 });
    token.addPrivilege('PublishStream');
    token.addPrivilege('SubscribeStream');
    await carol.join({
      appId: world.dev.appId,
      roomId: 'pub-room',
      userId: 'carol',
      token: token.serialize(world.dev.appKey),
    });
    await carol.publish('main', { audio: true, video: true });
  });
  after(async () => {
    carol.close();
    await world.close();
  });

  it('exists while its task runs, for room clients too, and its callbacks tell its life', async () => {
    const { dev } = world;
    assert.deepEqual(await carol.publicStream('pub-1'), {
      publicStreamId: 'pub-1',
      status: 0,
      roomId: '',
      streams: [],
    });
    const start = {
      AppId: dev.appId,
      PublicStreamId: 'pub-1',
      TargetStreams: [{ RoomId: 'pub-room', UserId: 'carol' }],
      Layout: { LayoutMode: 0 },
    };
    assert.equal(await world.call('StartPushPublicStream', start), 'ok');
    const started = await world.receiver.next('TranscodeStarted', 'pub-1');
    assert.deepEqual(started, {
      AppId: dev.appId,
      BusinessId: '',
      RoomId: 'pub-room',
      TaskId: 'pub-1',
      PublicStreamId: 'pub-1',
      Code: 0,
      ErrorMessage: '',
    });
    const running = await until(async () => {
      const info = await carol.publicStream('pub-1');
      return info.status === 2 ? info : undefined;
    }, 'the public stream to run');
    assert.deepEqual(running, {
      publicStreamId: 'pub-1',
      status: 2,
      roomId: 'pub-room',
      streams: [{ userId: 'carol', stream: 'main' }],
    });
    await carol.publish('main', {});
    assert.deepEqual((await carol.publicStream('pub-1')).streams, [], 'carol unpublished');
    await carol.publish('main', { audio: true, video: true });

    await world.call('UpdatePublicStreamParam', {
      ...start,
      Layout: {
        LayoutMode: 2,
        CustomLayout: { Regions: [{ StreamIndex: 0, WidthProportion: 0.5, HeightProportion: 0.5 }] },
      },
      TargetStreams: [{ RoomId: 'pub-room', UserId: 'carol', Index: 0 }],
    });
    await world.receiver.next('TranscodeUpdated', 'pub-1');
    assert.equal(
      await world.call('StartPushPublicStream', start),
      'The task has been started. Please do not call the startup task interface repeatedly',
    );

    const window = {
      AppId: dev.appId,
      StartTime: new Date(Date.now() - 60_000).toISOString(),
      EndTime: new Date(Date.now() + 60_000).toISOString(),
      Indicator: ['PublicStreamOnline', 'Unknown'],
    };
    const metrics = (await world.call('ListRealTimePublicStreamInfo', window)) as {
      Indicators: { Name: string; Data: { StreamId: string; Value: number }[] }[];
    };
    assert.ok(metrics.Indicators[0]!.Data.some((d) => d.StreamId === 'pub-1' && d.Value === 1));
    assert.deepEqual(metrics.Indicators[1]!.Data, []);

    assert.equal(await world.call('StopPushPublicStream', { AppId: dev.appId, PublicStreamId: 'pub-1' }), 'ok');
    assert.equal((await world.receiver.next('TranscodeStopped', 'pub-1')).StopReason, 'StopByAPI');
    assert.equal((await carol.publicStream('pub-1')).status, 3);
    await assert.rejects(
      world.call('StopPushPublicStream', { AppId: dev.appId, PublicStreamId: 'pub-1' }),
      (e: { code?: string }) => e.code === 'InvalidParameter.ErrorActiveTaskNotFound',
    );
  });

  it('ends an idle public stream and refuses what it cannot make, naming the field', async () => {
    const { dev } = world;
    await world.call('StartPushPublicStream', {
      AppId: dev.appId,
      PublicStreamId: 'pub-idle',
      TargetStreams: [{ RoomId: 'pub-room', UserId: 'nobody' }],
      Control: { MaxIdleTime: 10 },
    });
    assert.equal((await world.receiver.next('TranscodeStopped', 'pub-idle')).StopReason, 'IdleTimeOut');
    assert.equal((await carol.publicStream('pub-idle')).status, 3);
    const refused = async (params: Record<string, unknown>, field: RegExp) =>
      assert.rejects(
        world.call('StartPushPublicStream', { AppId: dev.appId, PublicStreamId: 'bad', ...params }),
        (e: { code?: string; message?: string }) => e.code === 'InvalidParameter' && field.test(e.message ?? ''),
      );
    await refused(
      {
        TargetStreams: [
          { RoomId: 'a', UserId: 'x' },
          { RoomId: 'b', UserId: 'y' },
        ],
      },
      /TargetStreams\[1\]\.RoomId/,
    );
    await refused({ TargetStreams: [{ RoomId: 'a' }], TranscodeMode: 1 }, /TranscodeMode/);
    await refused(
      { TargetStreams: Array.from({ length: 18 }, (_, i) => ({ RoomId: 'a', UserId: `u${i}` })) },
      /TargetStreams has at most 17/,
    );
  });
});
