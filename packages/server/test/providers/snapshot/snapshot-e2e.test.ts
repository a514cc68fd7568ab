// Snapshots end to end: room members publishing camera, screen and audio-only streams; StartSnapshot (every version),
// UpdateSnapshot, StopSnapshot and GetSnapshotTask through the signed client; one signed SnapshotRealTimeData per
// image at a real receiver; every stored image read back with ffprobe (codec, size) and its magic bytes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ffprobe, publish, sleep } from '../recording/recording-harness.js';
import { startLiveTaskWorld, type LiveTaskWorld } from '../live-tasks/live-task-world.js';

const TOS = { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'snaps' } };
const SCALE = 4;

describe('snapshots through the whole server', () => {
  let world: LiveTaskWorld;
  before(async () => {
    world = await startLiveTaskWorld({ timeScale: SCALE });
  });
  after(() => world.close());

  /** Reads a stored image back: its codec and size as ffprobe sees them, and its first bytes. */
  async function checkImage(path: string, format: 'jpeg' | 'png', width: number, height: number, size: number) {
    assert.ok(existsSync(path), path);
    assert.equal(statSync(path).size, size);
    const probe = await ffprobe(path);
    const video = probe.streams[0]!;
    assert.deepEqual(
      [video.codec_name, video.width, video.height],
      [format === 'png' ? 'png' : 'mjpeg', width, height],
    );
    const head = readFileSync(path).subarray(0, 4).toString('hex');
    assert.ok(format === 'png' ? head === '89504e47' : head.startsWith('ffd8ff'), head);
  }

  it('images every followed video stream at the interval and size asked, one signed callback each', async () => {
    const { dev } = world;
    const task = { AppId: dev.appId, RoomId: 'snap-room', TaskId: 'snap-1' };
    const alice = await world.member(task.RoomId, 'alice');
    const bob = await world.member(task.RoomId, 'bob');
    const carol = await world.member(task.RoomId, 'carol');
    await publish(alice, { audio: true, video: true });
    await publish(bob, { video: true }, 'screen');
    await publish(carol, { audio: true });

    // Interval 2 s of task time: 500 ms of wall time at scale 4. Width only: the height follows the source (4:3, 16:9).
    const startedAt = Date.now();
    const answer = await world.call('StartSnapshot', {
      ...task,
      BusinessId: 'biz-snap',
      StorageConfig: TOS,
      ImageConfig: { Format: 0, Width: 320, Interval: 2 },
    });
    assert.equal(answer, 'ok');
    const first = await world.waitForEvents('SnapshotRealTimeData', task.TaskId, 6);
    const elapsed = Date.now() - startedAt;
    const running = (await world.call('GetSnapshotTask', task)) as { SnapshotTask: Record<string, unknown> };
    assert.equal(running.SnapshotTask.Status, 2);
    assert.equal(running.SnapshotTask.EndTime, 0);
    assert.deepEqual(running.SnapshotTask.ImageConfig, { Format: 0, Width: 320, Height: 0, Interval: 2 });

    // PNG at an odd size from now on; the interval restarts from the update.
    await world.call('UpdateSnapshot', { ...task, ImageConfig: { Format: 1, Width: 201, Height: 151 } });
    await world.waitForEvents('SnapshotRealTimeData', task.TaskId, 2, (e) => e.Format === 'png');
    assert.equal(await world.call('StopSnapshot', task), 'ok');
    const ended = await world.until(
      async () =>
        ((await world.call('GetSnapshotTask', task)) as { SnapshotTask: Record<string, unknown> }).SnapshotTask,
      (t) => t.Status === 3,
    );
    assert.equal(ended.StopReason, 'StopByAPI');
    assert.ok((ended.EndTime as number) >= (ended.StartTime as number));
    assert.deepEqual(ended.StorageConfig, TOS);
    assert.deepEqual(ended.ImageConfig, { Format: 1, Width: 201, Height: 151, Interval: 2 });

    await sleep(300);
    const events = world.events('SnapshotRealTimeData', task.TaskId);
    // carol publishes audio only: no frames of hers.
    assert.deepEqual([...new Set(events.map((e) => e.UserId))].sort(), ['alice', 'bob']);
    for (const e of events) {
      assert.equal(e.AppId, dev.appId);
      assert.equal(e.BusinessId, 'biz-snap');
      assert.equal(e.RoomId, task.RoomId);
      assert.equal(e.Bucket, 'snaps');
      assert.equal(e.StreamType, e.UserId === 'bob' ? 1 : 0);
      const png = e.Format === 'png';
      const [width, height] = png ? [201, 151] : e.UserId === 'bob' ? [320, 180] : [320, 240];
      assert.deepEqual([e.Width, e.Height], [width, height]);
      assert.match(
        e.ObjectKey as string,
        new RegExp(`^snap-1_snap-room_${e.UserId}_[CS]_\\d{13}_[0-9a-f]{8}\\.${png ? 'png' : 'jpg'}$`),
      );
      await checkImage(
        world.objectPath('snaps', e.ObjectKey as string),
        png ? 'png' : 'jpeg',
        width,
        height,
        e.Size as number,
      );
    }
    // Every 500 ms per stream (the first at once), never faster: a round that falls behind (a loaded box) delays
    // the next one. The upper bound is the box's load, not checked here.
    const aliceJpeg = first.filter((e) => e.UserId === 'alice').map((e) => e.TimeStamp as number);
    assert.ok(aliceJpeg.length >= 3, JSON.stringify(aliceJpeg));
    const gaps = aliceJpeg.slice(1).map((t, i) => t - aliceJpeg[i]!);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    assert.ok(mean >= 400, `mean gap ${mean} ms (${gaps.join(', ')}); took ${elapsed} ms`);
    // Nothing is made after the stop.
    const count = events.length;
    await sleep(800);
    assert.equal(world.events('SnapshotRealTimeData', task.TaskId).length, count);
  });

  it('stores through the 2020-12-01 TosConfig, on VOD and on veImageX', async () => {
    const { dev } = world;
    const room = 'snap-storage';
    const dave = await world.member(room, 'dave');
    await publish(dave, { video: true });
    const cases = [
      {
        version: '2020-12-01',
        TaskId: 'snap-2020',
        storage: {
          TosConfig: {
            Bucket: 'snaps-2020',
            EndPoint: 'tos-cn-beijing.volces.com',
            Region: 'cn-beijing',
            UserAccountId: '2100000001',
          },
        },
      },
      {
        version: '2022-06-01',
        TaskId: 'snap-vod',
        storage: { StorageConfig: { Type: 1, VodConfig: { AccountId: '2100000001', Space: 'space1' } } },
      },
      {
        version: '2023-11-01',
        TaskId: 'snap-imagex',
        storage: { StorageConfig: { Type: 3, VeImageXConfig: { AccountId: '2100000001', ServiceId: 'svc1' } } },
      },
    ];
    for (const c of cases) {
      const task = { AppId: dev.appId, RoomId: room, TaskId: c.TaskId };
      assert.equal(
        await world.call(
          'StartSnapshot',
          { ...task, ...c.storage, ImageConfig: { Format: 1, Height: 120 } },
          c.version,
        ),
        'ok',
      );
    }
    for (const c of cases) {
      const [event] = await world.waitForEvents('SnapshotRealTimeData', c.TaskId, 1);
      assert.deepEqual([event!.Width, event!.Height], [160, 120]);
      let path: string;
      if (c.TaskId === 'snap-vod') {
        assert.match(event!.Vid as string, /^v0[a-z0-9]{30}$/);
        assert.equal(event!.ObjectKey, undefined);
        const dir = join(world.running.dataDir, 'storage', 'vod', 'space1', event!.Vid as string);
        path = join(dir, readdirSync(dir)[0]!);
      } else {
        path = world.objectPath(event!.Bucket as string, event!.ObjectKey as string);
        if (c.TaskId === 'snap-imagex') assert.match(event!.ObjectKey as string, /^svc1\//);
      }
      await checkImage(path, 'png', 160, 120, event!.Size as number);
      await world.call('StopSnapshot', { AppId: dev.appId, RoomId: room, TaskId: c.TaskId }, c.version);
    }
    const old = (await world.call(
      'GetSnapshotTask',
      { AppId: dev.appId, RoomId: room, TaskId: 'snap-2020' },
      '2022-06-01',
    )) as {
      SnapshotTask: Record<string, unknown>;
    };
    assert.deepEqual(old.SnapshotTask.StorageConfig, {
      Type: 0,
      TosConfig: { AccountId: '2100000001', Bucket: 'snaps-2020' },
    });
  });

  it('ends an idle task with IdleTimeOut and refuses bad input, naming the field', async () => {
    const { dev } = world;
    const task = { AppId: dev.appId, RoomId: 'snap-idle', TaskId: 'snap-idle-1' };
    // Nobody publishes eve's stream: MaxIdleTime 2 s is 500 ms here.
    await world.call('StartSnapshot', {
      ...task,
      StorageConfig: TOS,
      MaxIdleTime: 2,
      TargetStreams: { StreamList: [{ UserId: 'eve' }] },
    });
    assert.equal(
      await world.call('StartSnapshot', { ...task, StorageConfig: TOS }),
      'The task has been started. Please do not call the startup task interface repeatedly',
    );
    await world.rejectsWith(
      world.call('StartSnapshot', { ...task, StorageConfig: TOS }, '2022-06-01'),
      'InvalidParameter.TaskAlreadyExists',
    );
    const ended = await world.until(
      async () =>
        ((await world.call('GetSnapshotTask', task)) as { SnapshotTask: Record<string, unknown> }).SnapshotTask,
      (t) => t.Status === 3,
    );
    assert.equal(ended.StopReason, 'IdleTimeOut');
    assert.equal(world.events('SnapshotRealTimeData', task.TaskId).length, 0);

    const bad = { AppId: dev.appId, RoomId: 'snap-bad', TaskId: 'snap-bad-1' };
    await world.rejectsWith(
      world.call('StartSnapshot', { ...bad, StorageConfig: TOS, ImageConfig: { Format: 2 } }),
      'InvalidParameter',
      /ImageConfig\.Format/,
    );
    await world.rejectsWith(
      world.call('StartSnapshot', { ...bad, StorageConfig: TOS, ImageConfig: { Interval: 0 } }),
      'InvalidParameter',
      /ImageConfig\.Interval/,
    );
    await world.rejectsWith(
      world.call('StartSnapshot', { ...bad, StorageConfig: TOS, ImageConfig: { Width: 4000 } }),
      'InvalidParameter',
      /ImageConfig\.Width/,
    );
    await world.rejectsWith(
      world.call('StartSnapshot', { ...bad, StorageConfig: { Type: 0 } }),
      'InvalidParameter',
      /StorageConfig\.TosConfig/,
    );
    await world.rejectsWith(
      world.call('StartSnapshot', {
        ...bad,
        StorageConfig: { Type: 0, TosConfig: { AccountId: '1', Bucket: 'Bad_Bucket' } },
      }),
      'InvalidParameter',
      /StorageConfig\.TosConfig\.Bucket/,
    );
    await world.rejectsWith(
      world.call('StartSnapshot', {
        ...bad,
        StorageConfig: { Type: 0, TosConfig: { AccountId: '', Bucket: 'snaps' } },
      }),
      'InvalidParameter.EmptyAccountId',
    );
    await world.rejectsWith(
      world.call('StartSnapshot', {
        ...bad,
        StorageConfig: TOS,
        TargetStreams: { StreamList: [{ UserId: 'a', StreamType: 3 }] },
      }),
      'InvalidParameter',
      /TargetStreams\.StreamList\[0\]\.StreamType/,
    );
    // Nothing was written for the refused starts.
    await world.rejectsWith(world.call('GetSnapshotTask', bad), 'InvalidParameter.ErrorActiveTaskNotFound');
    await world.rejectsWith(
      world.call('UpdateSnapshot', { ...bad, ImageConfig: { Format: 1 } }),
      'InvalidParameter.ErrorActiveTaskNotFound',
    );
    await world.rejectsWith(world.call('StopSnapshot', task), 'InvalidParameter.ErrorActiveTaskNotFound');
  });
});
