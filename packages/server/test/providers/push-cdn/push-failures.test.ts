// What a push does when the receiver refuses it or dies mid-push (retries, then Status 4 and a failed
// TranscodeStopped), when it must wait for a publisher (PushStreamMode 0) or not (1), when the room stays idle
// (MaxIdleTime, on the time-scaled task clock), and a single-stream push.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { probeLive } from '../../support/live-probe.js';
import { RtmpReceiver } from '../../support/rtmp-receiver.js';
import { publish, sleep } from '../recording/recording-harness.js';
import { startPushWorld, until, type PushWorld } from './push-harness.js';

type MixedTask = { PushMixedStreamToCDNTask: Record<string, unknown> };
type SingleTask = { PushSingleStreamToCDNTask: Record<string, unknown> };

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('push failures, modes and limits (time scale 20)', () => {
  let world: PushWorld;
  before(async () => {
    world = await startPushWorld({ timeScale: 20 });
  });
  after(() => world.close());

  const mixed = (taskId: string) => ({ AppId: world.dev.appId, RoomId: 'fail-room', TaskId: taskId });
  const getMixed = async (task: ReturnType<typeof mixed>) =>
    ((await world.call('GetPushMixedStreamToCDNTask', task)) as MixedTask).PushMixedStreamToCDNTask;

  it('retries a refusing receiver, then fails the task with a failed TranscodeStopped', async () => {
    const task = mixed('refused');
    const url = `rtmp://127.0.0.1:${await closedPort()}/live/secret-stream-key`;
    assert.equal(
      await world.call('StartPushMixedStreamToCDN', { ...task, PushURL: url, Control: { PushStreamMode: 1 } }),
      'ok',
    );
    const stopped = await world.receiver.next('TranscodeStopped', task.TaskId);
    assert.equal(stopped.Code, 1);
    assert.match(String(stopped.ErrorMessage), /refused/i);
    assert.doesNotMatch(String(stopped.ErrorMessage), /secret-stream-key/, 'the PushURL is never repeated');
    assert.deepEqual(
      world.events('TranscodeStateChanged', task.TaskId).map((e) => e.PushStreamState),
      [2, 3],
    );
    const failed = await getMixed(task);
    assert.equal(failed.Status, 4);
    assert.equal(failed.StopReason, 'UnknownStopReason');
    assert.ok((failed.EndTime as number) > 0);
  });

  it('reconnects when the receiver dies mid-push, and fails once it stays away', async () => {
    const receiver = new RtmpReceiver();
    await receiver.start();
    const task = mixed('dies');
    await world.call('StartPushMixedStreamToCDN', {
      ...task,
      PushURL: receiver.url('dies'),
      Control: { PushStreamMode: 1 },
      Encode: { VideoWidth: 320, VideoHeight: 180 },
    });
    await until(async () => (await getMixed(task)).PushStreamState === 5, 'the push to flow');
    assert.ok(receiver.live('dies'));
    await receiver.close();
    const stopped = await world.receiver.next('TranscodeStopped', task.TaskId);
    assert.equal(stopped.Code, 1);
    assert.deepEqual(
      world.events('TranscodeStateChanged', task.TaskId).map((e) => e.PushStreamState),
      [2, 4, 5, 3],
    );
    assert.equal((await getMixed(task)).Status, 4);
  });

  it('waits for a publisher with PushStreamMode 0, pushes at once with 1, and ends an idle push', async () => {
    const alice = await world.member('fail-room', 'alice');
    const waiting = mixed('waits');
    await world.call('StartPushMixedStreamToCDN', {
      ...waiting,
      PushURL: world.rtmp.url('waits'),
      Encode: { VideoWidth: 320, VideoHeight: 180 },
    });
    await world.receiver.next('TranscodeStarted', waiting.TaskId);
    await sleep(1000);
    assert.equal((await getMixed(waiting)).PushStreamState, 1, 'not pushing while nobody publishes');
    assert.equal(world.rtmp.live('waits'), false);
    await publish(alice, { audio: true, video: true });
    await until(() => world.rtmp.live('waits'), 'the push once alice publishes');
    await world.call('StopPushStreamToCDN', waiting);
    await publish(alice, {});

    // Nobody publishes: mode 1 pushes anyway, and MaxIdleTime 60 s (3 s at scale 20) ends it with IdleTimeOut.
    const idle = mixed('idle');
    await world.call('StartPushMixedStreamToCDN', {
      ...idle,
      PushURL: world.rtmp.url('idle'),
      Control: { PushStreamMode: 1, MaxIdleTime: 60 },
      Encode: { VideoWidth: 320, VideoHeight: 180 },
    });
    const stopped = await world.receiver.next('TranscodeStopped', idle.TaskId);
    assert.equal(stopped.StopReason, 'IdleTimeOut');
    assert.equal(stopped.Code, 0);
    assert.ok(world.rtmp.publications.has('/live/idle'), 'mode 1 connected with nobody publishing');
    assert.equal((await getMixed(idle)).Status, 3);
  });

  it('pushes one stream with StartPushSingleStreamToCDN (AAC stereo 44.1 kHz)', async () => {
    const bob = await world.member('fail-room', 'bob');
    await publish(bob, { audio: true, video: true });
    const task = { ...mixed('single') };
    await world.call('StartPushSingleStreamToCDN', {
      ...task,
      PushURL: world.rtmp.url('single'),
      Control: {},
      Stream: { UserId: 'bob' },
    });
    await until(() => world.rtmp.live('single'), 'the single push');
    const probe = await probeLive(world.rtmp.url('single'));
    const audio = probe.streams.find((s) => s.codec_type === 'audio') as { codec_name: string; sample_rate?: string };
    assert.deepEqual([audio.codec_name, audio.sample_rate], ['aac', '44100']);
    assert.equal(probe.streams.find((s) => s.codec_type === 'video')?.codec_name, 'h264');
    const got = ((await world.call('GetPushSingleStreamToCDNTask', task)) as SingleTask).PushSingleStreamToCDNTask;
    assert.deepEqual(got.Stream, { UserId: 'bob', StreamType: 0 });
    assert.equal(got.Status, 2);
    await assert.rejects(
      world.call('UpdatePushMixedStreamToCDN', { ...task, Layout: { LayoutMode: 0 } }),
      (e: { code?: string }) => e.code === 'InvalidParameter',
    );
    await world.call('StopPushStreamToCDN', task);
    assert.equal((await world.receiver.next('TranscodeStopped', task.TaskId)).StopReason, 'StopByAPI');
  });
});
