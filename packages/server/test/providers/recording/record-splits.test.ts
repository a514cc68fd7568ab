// File splits (a new file every 4 hours of task time; single-stream, after MaxSilenceSeconds unpublished) planned
// from a timeline, then end to end on a time-scaled server: each piece its own RecordFileList entry and object,
// ffprobe-d. LayoutMode 1 and 3 (a main stream and the others beside it) as the render graph draws them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { featuredTiles } from '../../../src/media/grid-layout.js';
import type { RenderJob } from '../../../src/media/media-worker.js';
import { renderGraph } from '../../../src/media/render-graph.js';
import { filePlans } from '../../../src/tasks/recording/record-plan.js';
import type { RecordingSpec } from '../../../src/tasks/recording/recording-spec.js';
import type { StreamSpan } from '../../../src/tasks/task-model.js';
import { ffprobe, publish, settledTask, sleep, startRecordingWorld, type RecordingWorld } from './recording-harness.js';

const spec = (mode: 'mixed' | 'single'): RecordingSpec => ({
  mode,
  audioOnly: false,
  maxIdleSeconds: 180,
  maxRecordSeconds: 0,
  encode: {
    width: 640,
    height: 480,
    fps: 10,
    gopSeconds: 4,
    videoCodec: 'h264',
    videoKbps: 0,
    audioKbps: 64,
    sampleRate: 48000,
    channels: 2,
  },
  background: '#000000',
  layouts: [{ from: 0, layout: { mode: 'grid' } }],
  targets: [],
  excludes: [],
  naming: { prefix: '', pattern: undefined },
  storage: { type: 'object', bucket: 'b-bucket', vendor: 'tos' },
});
const span = (userId: string, from: number, to: number): StreamSpan => ({
  userId,
  streamType: 0,
  audio: true,
  video: true,
  from,
  to,
});

describe('file splits, planned', () => {
  it('cuts a mixed recording every maxFileMs, each piece listing the streams in it', () => {
    const plans = filePlans(spec('mixed'), [span('a', 0, 2500), span('b', 3000, 9000)], 9000, {
      maxFileMs: 4000,
      silenceMs: 1000,
    });
    assert.deepEqual(
      plans.map((p) => [p.from, p.to, p.streams.map((s) => s.userId)]),
      [
        [0, 4000, ['a', 'b']],
        [4000, 8000, ['b']],
        [8000, 9000, ['b']],
      ],
    );
  });

  it('starts a new single-stream file after a silence longer than silenceMs, and cuts long ones', () => {
    const timeline = [span('a', 0, 1000), span('a', 1500, 2000), span('a', 4000, 9000), span('b', 100, 101)];
    const plans = filePlans(spec('single'), timeline, 9000, { maxFileMs: 3000, silenceMs: 1000 });
    assert.deepEqual(
      plans.map((p) => [p.single!.userId, p.from, p.to]),
      [
        // 500 ms away is no silence; 2000 ms is. b's 1 ms is shorter than a frame: no file.
        ['a', 0, 2000],
        ['a', 4000, 7000],
        ['a', 7000, 9000],
      ],
    );
  });
});

describe('LayoutMode 1 and 3', () => {
  it('tiles the main stream large and the others beside it (side by side) or over it (vertical)', () => {
    assert.deepEqual(featuredTiles('side', 2, 640, 480), {
      main: { x: 0, y: 0, width: 480, height: 480 },
      others: [
        { x: 480, y: 0, width: 160, height: 240 },
        { x: 480, y: 240, width: 160, height: 240 },
      ],
    });
    const vertical = featuredTiles('vertical', 5, 640, 480);
    assert.deepEqual(vertical.main, { x: 0, y: 0, width: 640, height: 480 });
    assert.deepEqual(
      vertical.others.map((t) => [t.x, t.y, t.width, t.height]),
      [
        [480, 0, 160, 120],
        [480, 120, 160, 120],
        [480, 240, 160, 120],
        [480, 360, 160, 120],
        [320, 0, 160, 120],
      ],
    );
    assert.deepEqual(featuredTiles('side', 0, 640, 480).main, { x: 0, y: 0, width: 640, height: 480 });
  });

  it('draws the named main stream large while it shows video, the lowest Index otherwise', () => {
    const job: RenderJob = {
      ...spec('mixed').encode,
      output: '/tmp/x.mp4',
      durationMs: 4000,
      audioOnly: false,
      background: '#000000',
      layouts: [{ from: 0, featured: { mode: 'side', mainIndex: 1 } }],
      tracks: [
        { label: 'alice camera', index: 0, spans: [{ from: 0, to: 4000, audio: false, video: true }] },
        { label: 'bob camera', index: 1, spans: [{ from: 2000, to: 4000, audio: false, video: true }] },
      ],
    };
    const { filter } = renderGraph(job, undefined);
    // Before bob: alice alone fills the canvas. From 2 s: bob 480x480 on the left, alice 160x480 on the right.
    assert.match(filter, /testsrc2=s=640x480:r=10:d=2\.000,hue=h=0,setpts=PTS\+0\.000\/TB/);
    assert.match(filter, /testsrc2=s=480x480:r=10:d=2\.000,hue=h=67,setpts=PTS\+2\.000\/TB/);
    assert.match(
      filter,
      /testsrc2=s=160x480:r=10:d=2\.000,hue=h=0,setpts=PTS\+2\.000\/TB\[s\d\];\[v?\w+\]\[s\d\]overlay=x=480:y=0/,
    );
  });
});

describe('file splits, end to end (RTC_TIME_SCALE 3600: 4 hours are 4 s, 60 s of silence 17 ms)', () => {
  let world: RecordingWorld;
  before(async () => {
    world = await startRecordingWorld({ timeScale: 3600 });
  });
  after(() => world.close());

  it('splits a mixed recording every 4 hours and a single stream after its silence, each file playable', async () => {
    const mixed = { AppId: world.dev.appId, RoomId: 'split-room', TaskId: 'split-mixed' };
    const single = { ...mixed, TaskId: 'split-single' };
    const storage = {
      StorageConfig: { Type: 0 as const, TosConfig: { AccountId: '2100000001', Bucket: 'split-bucket' } },
    };
    const dana = await world.member(mixed.RoomId, 'dana');
    await publish(dana, { audio: true, video: true });
    const control = { MaxIdleTime: 86400, MaxSilenceSeconds: 60 };
    await world.client.call('StartRecord', { ...mixed, ...storage, Control: control, Layout: { LayoutMode: 3 } });
    await world.client.call('StartRecord', { ...single, ...storage, Control: control, RecordMode: 1 });
    await sleep(1200);
    await publish(dana, {});
    await sleep(600);
    await publish(dana, { audio: true, video: true });
    await sleep(3000);
    await world.client.call('StopRecord', mixed);
    await world.client.call('StopRecord', single);

    const mixedTask = await settledTask(world.sdk, mixed);
    const mixedFiles = mixedTask.RecordFileList as { ObjectKey: string; Duration: number; StartTime: number }[];
    const taskMs = (mixedTask.EndTime as number) - (mixedTask.StartTime as number);
    assert.equal(mixedFiles.length, 2, JSON.stringify(mixedFiles));
    assert.equal(mixedFiles[0]!.StartTime, mixedTask.StartTime);
    assert.equal(mixedFiles[1]!.StartTime, (mixedTask.StartTime as number) + 4000);
    const expected = [4000, taskMs - 4000];
    for (const [i, file] of mixedFiles.entries()) {
      const seconds = Number((await ffprobe(world.objectPath('split-bucket', file.ObjectKey))).format.duration);
      assert.ok(Math.abs(seconds * 1000 - expected[i]!) <= 150, `file ${i}: ${seconds} s, expected ${expected[i]} ms`);
      assert.ok(Math.abs(file.Duration - seconds * 1000) <= 1);
    }

    const singleTask = await settledTask(world.sdk, single);
    const singleFiles = singleTask.RecordFileList as { ObjectKey: string; Duration: number }[];
    assert.equal(singleFiles.length, 2, JSON.stringify(singleFiles));
    const [first, second] = singleFiles.map((f) => f.Duration);
    assert.ok(Math.abs(first! - 1200) <= 250, `before the silence: ${first} ms`);
    assert.ok(Math.abs(second! - 3000) <= 300, `after it: ${second} ms`);
    for (const file of singleFiles) {
      const probe = await ffprobe(world.objectPath('split-bucket', file.ObjectKey));
      assert.deepEqual(
        probe.streams.map((s) => s.codec_name),
        ['h264', 'aac'],
      );
    }
  });

  it('refuses a MaxSilenceSeconds outside 60 to 3600, naming it', async () => {
    await assert.rejects(
      world.client.call('StartRecord', {
        AppId: world.dev.appId,
        RoomId: 'split-room',
        TaskId: 'split-bad',
        RecordMode: 1,
        Control: { MaxSilenceSeconds: 10 },
        StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'split-bucket' } },
      }),
      /Control\.MaxSilenceSeconds/,
    );
  });
});
