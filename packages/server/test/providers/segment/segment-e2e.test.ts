// Audio segments end to end: room members publishing and unpublishing audio; StartSegment (every version),
// UpdateSegment, StopSegment and GetSegmentTask through the signed client; one signed SegmentRealTimeData per slice
// at a real receiver; every stored slice read back with ffprobe (codec, rate, channels, duration) and silencedetect.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { ffprobe, publish, sleep } from '../recording/recording-harness.js';
import { startLiveTaskWorld, type LiveTaskWorld } from '../live-tasks/live-task-world.js';

const TOS = { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'segs' } };
const SCALE = 10;

/** silencedetect over an audio file: the silent stretches' total, seconds. */
function silentSeconds(path: string): number {
  const run = spawnSync(
    findMediaBinaries().ffmpeg,
    ['-hide_banner', '-nostats', '-i', path, '-af', 'silencedetect=d=0.1', '-f', 'null', '-'],
    { encoding: 'utf8' },
  );
  return [...run.stderr.matchAll(/silence_duration: ([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('audio segments through the whole server', () => {
  let world: LiveTaskWorld;
  before(async () => {
    world = await startLiveTaskWorld({ timeScale: SCALE });
  });
  after(() => world.close());

  /** Reads a stored slice back: MP3, 16 kHz mono, its duration the slice's (plus the MP3 encoder's padding). */
  async function checkSlice(event: Record<string, unknown>): Promise<string> {
    const path = world.objectPath(event.Bucket as string, event.ObjectKey as string);
    assert.ok(existsSync(path), path);
    assert.equal(statSync(path).size, event.Size);
    const probe = await ffprobe(path);
    const audio = probe.streams[0] as unknown as { codec_name: string; sample_rate: string; channels: number };
    assert.deepEqual([audio.codec_name, audio.sample_rate, audio.channels], ['mp3', '16000', 1]);
    const seconds = Number(probe.format.duration);
    const expected = (event.Duration as number) / 1000;
    assert.ok(seconds >= expected - 0.05 && seconds <= expected + 0.15, `${seconds} s for ${expected} s`);
    return path;
  }

  it('slices each followed audio stream and the mix every Duration, one signed callback each', async () => {
    const { dev } = world;
    const task = { AppId: dev.appId, RoomId: 'seg-room', TaskId: 'seg-1' };
    const alice = await world.member(task.RoomId, 'alice');
    const bob = await world.member(task.RoomId, 'bob');
    const carol = await world.member(task.RoomId, 'carol');
    await publish(alice, { audio: true });
    await publish(bob, { audio: true, video: true });
    await publish(carol, { video: true });

    // Duration 2 s (200 ms of wall time at scale 10), slices overlapping by 500 ms after the first, the mix too.
    const answer = await world.call('StartSegment', {
      ...task,
      BusinessId: 'biz-seg',
      StorageConfig: TOS,
      Identifier: 'seg',
      Duration: 2,
      Control: { Mixed: true, RedundantDuration: 500 },
    });
    assert.equal(answer, 'ok');
    for (const user of ['alice', 'bob', 'mixed']) {
      await world.waitForEvents('SegmentRealTimeData', task.TaskId, 3, (e) => e.UserId === user);
    }
    // Nobody speaks: the mix is still sliced, silent.
    await publish(alice, {});
    await publish(bob, { video: true });
    await sleep(700);
    const quietFrom = Date.now();
    await world.waitForEvents(
      'SegmentRealTimeData',
      task.TaskId,
      1,
      (e) => e.UserId === 'mixed' && (e.StartTime as number) >= quietFrom,
    );
    const running = (await world.call('GetSegmentTask', task)) as { SegmentTask: Record<string, unknown> };
    assert.equal(running.SegmentTask.Status, 2);
    assert.deepEqual(running.SegmentTask.Control, {
      Align: false,
      IgnoreSilence: false,
      Mixed: true,
      RedundantDuration: 500,
    });

    // Handle off: no slices; on again with a 1 s Duration and another Identifier.
    await world.call('UpdateSegment', { ...task, Handle: false });
    const pausedAt = Date.now();
    await sleep(900);
    await publish(alice, { audio: true });
    const resumedAt = Date.now();
    await world.call('UpdateSegment', { ...task, Handle: true, Duration: 1, Identifier: 'seg2' });
    await world.waitForEvents(
      'SegmentRealTimeData',
      task.TaskId,
      2,
      (e) => e.Identifier === 'seg2' && e.UserId === 'alice',
    );
    assert.equal(await world.call('StopSegment', task), 'ok');
    const ended = await world.until(
      async () => ((await world.call('GetSegmentTask', task)) as { SegmentTask: Record<string, unknown> }).SegmentTask,
      (t) => t.Status === 3,
    );
    assert.equal(ended.StopReason, 'StopByAPI');
    assert.deepEqual([ended.Duration, ended.Handle, ended.Identifier, ended.MaxIdleTime], [1, true, 'seg2', 180]);
    assert.deepEqual(ended.StorageConfig, TOS);

    await sleep(300);
    const events = world.events('SegmentRealTimeData', task.TaskId);
    // No period that began while Handle was off was sliced (a slice under way at the update may still arrive).
    const paused = events.filter(
      (e) => e.Identifier === 'seg' && (e.StartTime as number) >= pausedAt && (e.StartTime as number) < resumedAt,
    );
    assert.deepEqual(paused, []);
    assert.ok(!events.some((e) => e.UserId === 'carol'), 'carol publishes no audio');
    const bySequence = new Map<string, number[]>();
    for (const e of events) {
      assert.equal(e.BusinessId, 'biz-seg');
      assert.equal(e.Format, 'mp3');
      const ms = e.Identifier === 'seg2' ? 1000 : 2000;
      assert.ok(e.Duration === ms || e.Duration === ms + 500, `${e.Duration as number}`);
      // Identifier + UserId + timestamp + sequence.
      assert.equal(
        e.ObjectKey,
        `${e.Identifier as string}_${e.UserId as string}_${e.StartTime as number}_${e.Sequence as number}.mp3`,
      );
      bySequence.set(e.UserId as string, [...(bySequence.get(e.UserId as string) ?? []), e.Sequence as number]);
      const path = await checkSlice(e);
      const silent = silentSeconds(path);
      if (e.UserId !== 'mixed') assert.ok(silent < 0.1, `${path}: ${silent} s silent`);
      if (e.UserId === 'mixed' && (e.StartTime as number) >= quietFrom && e.Identifier === 'seg') {
        assert.ok(silent > (e.Duration as number) / 1000 - 0.2, `${path} should be silent: ${silent} s`);
      }
    }
    // The first slice has no overlap, the next ones 500 ms; each stream's sequence counts from 1.
    const aliceFirst = events.find((e) => e.UserId === 'alice' && e.Sequence === 1)!;
    assert.equal(aliceFirst.Duration, 2000);
    for (const [user, sequence] of bySequence) {
      assert.deepEqual(
        sequence,
        sequence.map((_, i) => i + 1),
        user,
      );
    }
  });

  it('takes every version, ends an idle task with IdleTimeOut, refuses bad input naming the field', async () => {
    const { dev } = world;
    const room = 'seg-versions';
    const dave = await world.member(room, 'dave');
    await publish(dave, { audio: true });
    const old = { AppId: dev.appId, RoomId: room, TaskId: 'seg-2020' };
    const tos2020 = {
      Bucket: 'segs-2020',
      EndPoint: 'tos-cn-beijing.volces.com',
      Region: 'cn-beijing',
      UserAccountId: '2100000001',
    };
    await world.call(
      'StartSegment',
      { ...old, TosConfig: tos2020, Duration: 2, Control: { RedundantDuration: 1 } },
      '2020-12-01',
    );
    const [slice] = await world.waitForEvents('SegmentRealTimeData', old.TaskId, 1);
    assert.match(slice!.ObjectKey as string, /^[0-9a-f-]{36}_dave_\d{13}_1\.mp3$/);
    await checkSlice(slice!);
    const got = (await world.call('GetSegmentTask', old, '2022-06-01')) as {
      SegmentTask: { Control: Record<string, unknown> };
    };
    assert.equal(got.SegmentTask.Control.RedundantDuration, 1000);
    await world.rejectsWith(
      world.call('StartSegment', { ...old, TosConfig: tos2020 }, '2020-12-01'),
      'InvalidParameter.TaskAlreadyExists',
    );
    await world.call('StopSegment', old, '2020-12-01');

    const idle = { AppId: dev.appId, RoomId: room, TaskId: 'seg-idle' };
    await world.call(
      'StartSegment',
      { ...idle, StorageConfig: TOS, MaxIdleTime: 3, TargetStreams: { StreamList: [{ UserId: 'nobody' }] } },
      '2022-06-01',
    );
    const ended = await world.until(
      async () => ((await world.call('GetSegmentTask', idle)) as { SegmentTask: Record<string, unknown> }).SegmentTask,
      (t) => t.Status === 3,
    );
    assert.equal(ended.StopReason, 'IdleTimeOut');
    assert.equal(world.events('SegmentRealTimeData', idle.TaskId).length, 0);

    const bad = { AppId: dev.appId, RoomId: room, TaskId: 'seg-bad' };
    await world.rejectsWith(
      world.call('StartSegment', { ...bad, StorageConfig: TOS, Duration: 0 }),
      'InvalidParameter',
      /Duration/,
    );
    await world.rejectsWith(
      world.call('StartSegment', { ...bad, StorageConfig: TOS, Duration: 2, Control: { RedundantDuration: 2000 } }),
      'InvalidParameter',
      /Control\.RedundantDuration/,
    );
    await world.rejectsWith(
      world.call('StartSegment', {
        ...bad,
        StorageConfig: { Type: 3, VeImageXConfig: { AccountId: '1', ServiceId: 's' } },
      }),
      'InvalidParameter',
      /StorageConfig\.Type 3/,
    );
    await world.rejectsWith(
      world.call('StartSegment', { ...bad, StorageConfig: { Type: 1 } }),
      'InvalidParameter',
      /StorageConfig\.VodConfig/,
    );
    await world.rejectsWith(world.call('GetSegmentTask', bad), 'InvalidParameter.ErrorActiveTaskNotFound');
    await world.rejectsWith(
      world.call('UpdateSegment', { ...bad, Duration: 5 }),
      'InvalidParameter.ErrorActiveTaskNotFound',
    );
  });
});
