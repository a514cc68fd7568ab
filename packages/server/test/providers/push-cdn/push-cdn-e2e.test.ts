// A mixed CDN push end to end: a room member publishing through the presence WebSocket, the push really streaming
// to a real RTMP server (node-media-server) that ffprobe and ffmpeg read as players do, a layout update reaching the
// live picture within the same RTMP session, a repeated Start, the stop, and every Transcode* callback signed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALREADY_STARTED } from '../../../src/providers/task-actions.js';
import { mediaPace, probeLive } from '../../support/live-probe.js';
import { publish } from '../recording/recording-harness.js';
import { livePixel, startPushWorld, until, type PushWorld } from './push-harness.js';

type MixedTask = { PushMixedStreamToCDNTask: Record<string, unknown> };
const red = ([r, g, b]: [number, number, number]) => r > 180 && g < 80 && b < 80;

describe('mixed push to CDN, received by a real RTMP server', () => {
  let world: PushWorld;
  before(async () => {
    world = await startPushWorld();
  });
  after(() => world.close());

  it('streams the room live at real-time pace, follows a layout update in the same session, and stops', async () => {
    const { dev, rtmp } = world;
    const task = { AppId: dev.appId, RoomId: 'push-room', TaskId: 'mixed-1' };
    const alice = await world.member(task.RoomId, 'alice');
    await publish(alice, { audio: true, video: true });

    const answer = await world.call('StartPushMixedStreamToCDN', {
      ...task,
      PushURL: rtmp.url('mixed-1'),
      Encode: { VideoWidth: 640, VideoHeight: 360, VideoFps: 15, VideoGop: 1 },
    });
    assert.equal(answer, 'ok');
    const started = await world.receiver.next('TranscodeStarted', task.TaskId);
    assert.deepEqual(started, {
      AppId: dev.appId,
      BusinessId: '',
      RoomId: task.RoomId,
      TaskId: task.TaskId,
      PushType: 'Mixed',
      Code: 0,
      ErrorMessage: '',
    });
    await until(() => rtmp.live('mixed-1'), 'the receiver to get the stream');
    const pushing = await until(async () => {
      const got = (await world.call('GetPushMixedStreamToCDNTask', task)) as MixedTask;
      return got.PushMixedStreamToCDNTask.PushStreamState === 5 ? got.PushMixedStreamToCDNTask : undefined;
    }, 'PushStreamState 5');
    assert.equal(pushing.Status, 2);
    assert.equal(pushing.EndTime, 0);
    assert.equal(pushing.PushURL, rtmp.url('mixed-1'));
    // The documented progression: first connection (2), connected (4), pushing (5), each told once.
    assert.deepEqual(
      world.events('TranscodeStateChanged', task.TaskId).map((e) => e.PushStreamState),
      [2, 4, 5],
    );

    const probe = await probeLive(rtmp.url('mixed-1'));
    const video = probe.streams.find((s) => s.codec_type === 'video');
    assert.deepEqual([video?.codec_name, video?.width, video?.height], ['h264', 640, 360]);
    assert.equal(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac');

    // A player's media clock advances with the wall clock (generous bounds: the box is shared).
    const pace = await mediaPace(rtmp.url('mixed-1'), 4);
    const ratio = pace.mediaMs / pace.wallMs;
    assert.ok(pace.wallMs >= 2000, `played ${pace.wallMs} ms`);
    assert.ok(ratio > 0.6 && ratio < 1.5, `media advanced ${pace.mediaMs} ms in ${pace.wallMs} ms of wall time`);

    // A custom layout on a red canvas, alice in a small corner tile: the live picture turns red elsewhere.
    assert.equal(red(await livePixel(rtmp.url('mixed-1'), 60, 30)), false, 'before the update alice fills the picture');
    await world.call('UpdatePushMixedStreamToCDN', {
      ...task,
      TargetStreams: { StreamList: [{ UserId: 'alice', Index: 0 }] },
      Layout: {
        LayoutMode: 2,
        CustomLayout: {
          Canvas: { Width: 640, Height: 360, Background: '#FF0000' },
          Regions: [{ StreamIndex: 0, LocationX: 0, LocationY: 0, Width: 160, Height: 90 }],
        },
      },
    });
    await until(async () => red(await livePixel(rtmp.url('mixed-1'), 60, 30)), 'the red canvas in the live stream');
    assert.equal(rtmp.publications.get('/live/mixed-1')?.length, 1, 'one RTMP session through the update');
    assert.equal(world.events('TranscodeUpdated', task.TaskId).length, 1);
    const updated = (await world.call('GetPushMixedStreamToCDNTask', task)) as MixedTask;
    assert.equal((updated.PushMixedStreamToCDNTask.Layout as { LayoutMode: number }).LayoutMode, 2);

    // Start again: the push goes on, told by TranscodeStarted and TranscodeUpdated; a single push cannot take the id.
    const again = await world.call('StartPushMixedStreamToCDN', { ...task, PushURL: rtmp.url('mixed-1') });
    assert.equal(again, ALREADY_STARTED);
    await until(() => world.events('TranscodeStarted', task.TaskId).length === 2, 'the second TranscodeStarted');
    await until(() => world.events('TranscodeUpdated', task.TaskId).length === 2, 'the second TranscodeUpdated');
    await assert.rejects(
      world.call('StartPushSingleStreamToCDN', {
        ...task,
        PushURL: rtmp.url('x'),
        Control: {},
        Stream: { UserId: 'alice' },
      }),
      (e: { code?: string }) => e.code === 'InvalidParameter.TaskAlreadyExists',
    );
    await assert.rejects(
      world.call('GetPushSingleStreamToCDNTask', task),
      (e: { code?: string }) => e.code === 'InvalidParameter.ErrorActiveTaskNotFound',
    );
    await assert.rejects(
      world.call('StartPushMixedStreamToCDN', { ...task, PushURL: rtmp.url('mixed-1') }, '2020-12-01'),
      (e: { code?: string }) => e.code === 'InvalidParameter.TaskAlreadyExists',
    );

    assert.equal(await world.call('StopPushStreamToCDN', task), 'ok');
    const stopped = await world.receiver.next('TranscodeStopped', task.TaskId);
    assert.equal(stopped.StopReason, 'StopByAPI');
    assert.equal(stopped.Code, 0);
    await until(() => !rtmp.live('mixed-1'), 'the receiver to see the publisher leave');
    const ended = (await world.call('GetPushMixedStreamToCDNTask', task)) as MixedTask;
    assert.equal(ended.PushMixedStreamToCDNTask.Status, 3);
    assert.equal(ended.PushMixedStreamToCDNTask.PushStreamState, 6);
    assert.equal(ended.PushMixedStreamToCDNTask.StopReason, 'StopByAPI');
    assert.ok((ended.PushMixedStreamToCDNTask.EndTime as number) > (pushing.StartTime as number));
  });

  it('refuses a PushURL that is not RTMP and too many streams, naming the field', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'push-room', TaskId: 'refused' };
    for (const PushURL of ['http://cdn.example.com/live/x', 'rtmp://', 'not a url']) {
      await assert.rejects(
        world.call('StartPushMixedStreamToCDN', { ...task, PushURL }),
        (e: { code?: string; message?: string }) =>
          e.code === 'InvalidParameter.InvalidRtmpAddress' && /PushURL/.test(e.message ?? ''),
      );
    }
    const streams = (n: number) => ({
      StreamList: Array.from({ length: n }, (_, i) => ({ UserId: `u${i}`, Index: i })),
    });
    await assert.rejects(
      world.call('StartPushMixedStreamToCDN', { ...task, PushURL: world.rtmp.url('x'), TargetStreams: streams(18) }),
      (e: { code?: string; message?: string }) =>
        e.code === 'InvalidParameter' && /TargetStreams/.test(e.message ?? ''),
    );
    await assert.rejects(
      world.call('StartPushMixedStreamToCDN', {
        ...task,
        PushURL: world.rtmp.url('x'),
        TargetStreams: streams(31),
        Layout: { LayoutMode: 2, CustomLayout: { Regions: [{ StreamIndex: 0, Width: 10, Height: 10 }] } },
      }),
      (e: { code?: string; message?: string }) => e.code === 'InvalidParameter' && /at most 30/.test(e.message ?? ''),
    );
    await assert.rejects(
      world.call('GetPushMixedStreamToCDNTask', task),
      (e: { code?: string }) => e.code === 'InvalidParameter.ErrorActiveTaskNotFound',
    );
  });
});
