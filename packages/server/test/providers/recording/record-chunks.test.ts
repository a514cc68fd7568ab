// Chunked rendering: a file rendered as 5 s chunks aligned to the task's start and joined is one playable file of the
// whole duration; a chunk rendered ahead (while the task ran) is used, not rendered again, and only when it is exactly
// the chunk the file needs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FfmpegMediaWorker } from '../../../src/media/ffmpeg-media-worker.js';
import type { MediaWorker, RenderJob } from '../../../src/media/media-worker.js';
import { chunkRanges, renderChunk, renderChunked } from '../../../src/tasks/recording/record-chunks.js';
import { ffprobe, publish, settledTask, sleep, startRecordingWorld } from './recording-harness.js';

/** The packaged ffmpeg worker, counting its renders. */
function countingWorker(): MediaWorker & { renders: number } {
  const inner = new FfmpegMediaWorker({ font: null });
  const worker = {
    renders: 0,
    check: () => inner.check(),
    render: (job: RenderJob, signal?: AbortSignal) => {
      worker.renders++;
      return inner.render(job, signal);
    },
    convert: inner.convert.bind(inner),
    probe: inner.probe.bind(inner),
    concat: inner.concat.bind(inner),
  };
  return worker;
}

const job = (output: string, durationMs: number): RenderJob => ({
  output,
  durationMs,
  width: 160,
  height: 120,
  fps: 10,
  gopSeconds: 4,
  videoCodec: 'h264',
  videoKbps: 0,
  audioKbps: 64,
  sampleRate: 48000,
  channels: 2,
  audioOnly: false,
  background: '#000000',
  layouts: [{ from: 0 }, { from: 6000, featured: { mode: 'side' } }],
  tracks: [
    { label: 'a camera', index: 0, spans: [{ from: 0, to: durationMs, audio: true, video: true }] },
    { label: 'b camera', index: 1, spans: [{ from: 4000, to: 9000, audio: true, video: true }] },
  ],
});

describe('chunked rendering', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-chunks-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cuts at the multiples of 5 s of the task, whatever the file start', () => {
    assert.deepEqual(chunkRanges(0, 12000), [
      [0, 5000],
      [5000, 10000],
      [10000, 12000],
    ]);
    assert.deepEqual(chunkRanges(3200, 5100), [
      [3200, 5000],
      [5000, 5100],
    ]);
  });

  it('joins the chunks into one file of the whole duration, using a chunk rendered ahead', async () => {
    const media = countingWorker();
    const chunks = join(dir, 'chunks');
    // The file starts 1.5 s into the task: its chunks are [1500, 5000), [5000, 10000), [10000, 13500).
    const file = job(join(dir, 'file.mp4'), 12000);
    await renderChunk(media, file, 1500, [1500, 5000], chunks);
    // Rendered ahead from a timeline that later changed: a different chunk, not used.
    await renderChunk(media, { ...file, tracks: file.tracks.slice(0, 1) }, 1500, [5000, 10000], chunks);
    assert.equal(media.renders, 2);
    await renderChunked(media, file, 1500, chunks, new AbortController().signal);
    assert.equal(media.renders, 4, 'the first chunk is reused; the changed one and the last are rendered');
    assert.equal(readdirSync(chunks).length, 4);
    const probe = await ffprobe(file.output);
    const seconds = Number(probe.format.duration);
    assert.ok(Math.abs(seconds - 12) <= 12 * 0.05, `${seconds} s`);
    assert.deepEqual(
      probe.streams.map((s) => [s.codec_name, s.width]),
      [
        ['h264', 160],
        ['aac', undefined],
      ],
    );
  });
});

describe('a running recording', () => {
  it('renders its finished chunks while it runs, and leaves none behind once its file is stored', async () => {
    const world = await startRecordingWorld();
    try {
      const task = { AppId: world.dev.appId, RoomId: 'ahead-room', TaskId: 'ahead-1' };
      await publish(await world.member(task.RoomId, 'erin'), { audio: true, video: true });
      await world.client.call('StartRecord', {
        ...task,
        StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'ahead-bucket' } },
      });
      const chunksRoot = join(world.running.dataDir, 'tasks', 'chunks');
      const deadline = Date.now() + 60_000;
      const rendered = () =>
        existsSync(chunksRoot) &&
        readdirSync(chunksRoot).some((d) => readdirSync(join(chunksRoot, d)).some((f) => f.endsWith('.mp4')));
      while (!rendered()) {
        assert.ok(Date.now() < deadline, 'no chunk was rendered while the task ran');
        await sleep(200);
      }
      const running = await world.client.call('GetRecordTask', task);
      assert.equal(running.RecordTask?.Status, 2, 'the first chunk is there before the task stopped');
      await world.client.call('StopRecord', task);
      const ended = await settledTask(world.sdk, task);
      const [file] = ended.RecordFileList as { ObjectKey: string }[];
      const taskMs = (ended.EndTime as number) - (ended.StartTime as number);
      const seconds = Number((await ffprobe(world.objectPath('ahead-bucket', file!.ObjectKey))).format.duration);
      assert.ok(taskMs > 5000 && Math.abs(seconds * 1000 - taskMs) <= taskMs * 0.05, `${seconds} s of ${taskMs} ms`);
      assert.deepEqual(readdirSync(chunksRoot), []);
    } finally {
      await world.close();
    }
  });
});
