// Cloud recording, end to end on the whole server (in this process, data in a temporary directory, the packaged
// ffmpeg): figures, not assertions; the targets are printed beside them. Ends by itself.
//
// 1. A mixed recording of 4 publishers (audio and video each) and a single-stream recording of the same 4 (4 files),
//    both RECORDING_BENCH_SECONDS long (60) and stopped together: the time from each StopRecord to its RecordStopped
//    callback, and media time / wall time (target: ready within a tenth of the media's duration). Baseline, same run:
//    ffmpeg alone (the media worker, nothing else) rendering one stream's file of the same length and settings.
// 2. GetRecordTask latency (p50, p99) while RECORDING_BENCH_PARALLEL (8) recordings of
//    RECORDING_BENCH_PARALLEL_SECONDS (20) render (target p99 <= 20 ms). Baseline, same run: the same calls with
//    nothing rendering.
//
//   npm run bench:recording -w @rtc-openapi/server

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegMediaWorker } from '../../src/media/ffmpeg-media-worker.js';
import {
  publish,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from '../../test/providers/recording/recording-harness.js';
import { median, percentile } from '../median.js';

const SECONDS = Number(process.env.RECORDING_BENCH_SECONDS ?? 60);
const PARALLEL = Number(process.env.RECORDING_BENCH_PARALLEL ?? 8);
const PARALLEL_SECONDS = Number(process.env.RECORDING_BENCH_PARALLEL_SECONDS ?? 20);
const PUBLISHERS = 4;
const TARGET_READY_FRACTION = 0.1;
const TARGET_P99_MS = 20;

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number): string => `${n.toFixed(1)} ms`;
const storage = { StorageConfig: { Type: 0 as const, TosConfig: { AccountId: '2100000001', Bucket: 'bench-bucket' } } };

/** The wall-clock ms from now until the task's RecordStopped arrives. */
async function untilStopped(world: RecordingWorld, taskId: string, from: number): Promise<number> {
  const data = await world.receiver.next('RecordStopped', taskId, 600_000);
  if (data.Code !== 0) throw new Error(`${taskId} failed: ${String(data.ErrorMessage)}`);
  return performance.now() - from;
}

/** Sequential GetRecordTask calls until `done` resolves (or `count` calls without it); each call's latency. */
async function getTaskLatencies(
  world: RecordingWorld,
  task: { AppId: string; RoomId: string; TaskId: string },
  until: { done?: Promise<unknown>; count?: number },
): Promise<number[]> {
  let finished = false;
  void until.done?.then(() => (finished = true));
  const latencies: number[] = [];
  while (!finished && (until.count === undefined || latencies.length < until.count)) {
    const started = performance.now();
    await world.client.call('GetRecordTask', task);
    latencies.push(performance.now() - started);
    // About 15 calls a second: a steady poller under GetRecordTask's 20 QPS limit per account.
    await sleep(60);
  }
  return latencies.sort((a, b) => a - b);
}

async function baselineRender(seconds: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-bench-render-'));
  try {
    const worker = new FfmpegMediaWorker();
    const started = performance.now();
    await worker.render({
      output: join(dir, 'one.mp4'),
      durationMs: seconds * 1000,
      width: 640,
      height: 480,
      fps: 15,
      gopSeconds: 4,
      videoCodec: 'h264',
      videoKbps: 0,
      audioKbps: 64,
      sampleRate: 48000,
      channels: 2,
      audioOnly: false,
      background: '#000000',
      layouts: [],
      tracks: [
        { label: 'user-0 camera', index: 0, spans: [{ from: 0, to: seconds * 1000, audio: true, video: true }] },
      ],
    });
    return performance.now() - started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `recording bench: ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${PUBLISHERS} publishers, ${SECONDS} s recordings; ${PARALLEL} x ${PARALLEL_SECONDS} s in parallel`,
  );
  const world = await startRecordingWorld();
  try {
    const room = 'bench-room';
    for (let i = 0; i < PUBLISHERS; i++) {
      await publish(await world.member(room, `user-${i}`), { audio: true, video: true });
    }
    const task = (TaskId: string) => ({ AppId: world.dev.appId, RoomId: room, TaskId });

    // ---- 1. 60 s mixed + single-stream ---------------------------------------------------------------------------
    const baselineMs = await baselineRender(SECONDS);
    const mixed = task('bench-mixed');
    const single = task('bench-single');
    await world.client.call('StartRecord', { ...mixed, ...storage });
    await world.client.call('StartRecord', { ...single, ...storage, RecordMode: 1 });
    await sleep(SECONDS * 1000);
    const stopAt = performance.now();
    await Promise.all([world.client.call('StopRecord', mixed), world.client.call('StopRecord', single)]);
    const [mixedMs, singleMs] = await Promise.all([
      untilStopped(world, mixed.TaskId, stopAt),
      untilStopped(world, single.TaskId, stopAt),
    ]);
    const mixedTask = (await world.client.call('GetRecordTask', mixed)).RecordTask!;
    const singleTask = (await world.client.call('GetRecordTask', single)).RecordTask!;
    const mixedMedia = (mixedTask.RecordFileList ?? []).reduce((sum, f) => sum + (f.Duration ?? 0), 0);
    const singleMedia = (singleTask.RecordFileList ?? []).reduce((sum, f) => sum + (f.Duration ?? 0), 0);
    const bothMs = Math.max(mixedMs, singleMs);
    console.log(
      `\n1. StopRecord -> RecordStopped (${SECONDS} s of ${PUBLISHERS} publishers, both tasks stopped together)`,
    );
    console.log(
      `   baseline: ffmpeg alone renders one ${SECONDS} s stream in ${s(baselineMs)}: media/wall ${((SECONDS * 1000) / baselineMs).toFixed(1)}x`,
    );
    console.log(
      `   mixed (1 file, ${s(mixedMedia)} of media):      ${s(mixedMs)}  media/wall ${(mixedMedia / mixedMs).toFixed(1)}x  ` +
        `target <= ${s(mixedMedia * TARGET_READY_FRACTION)}: ${mixedMs <= mixedMedia * TARGET_READY_FRACTION ? 'met' : 'MISSED'}`,
    );
    console.log(
      `   single-stream (${singleTask.RecordFileList?.length ?? 0} files, ${s(singleMedia)}): ${s(singleMs)}  media/wall ${(singleMedia / singleMs).toFixed(1)}x  ` +
        `target <= ${s((singleMedia / PUBLISHERS) * TARGET_READY_FRACTION)} per stream's ${s(singleMedia / PUBLISHERS)}: ` +
        `${singleMs <= (singleMedia / PUBLISHERS) * TARGET_READY_FRACTION ? 'met' : 'MISSED'}`,
    );
    console.log(
      `   both ready after ${s(bothMs)}: ${((mixedMedia + singleMedia) / bothMs).toFixed(1)}x media/wall overall`,
    );

    // ---- 2. GetRecordTask p99 while PARALLEL recordings render ---------------------------------------------------
    const probe = mixed;
    const quiet = await getTaskLatencies(world, probe, { count: 200 });
    const tasks = Array.from({ length: PARALLEL }, (_, i) => task(`bench-parallel-${i}`));
    for (const t of tasks) await world.client.call('StartRecord', { ...t, ...storage });
    await sleep(PARALLEL_SECONDS * 1000);
    const stopped = performance.now();
    await Promise.all(tasks.map((t) => world.client.call('StopRecord', t)));
    const allDone = Promise.all(tasks.map((t) => untilStopped(world, t.TaskId, stopped)));
    const loaded = await getTaskLatencies(world, probe, { done: allDone });
    const renderMs = Math.max(...(await allDone));
    console.log(`\n2. GetRecordTask latency (sequential calls, 60 ms apart)`);
    console.log(
      `   baseline, nothing rendering:  ${quiet.length} calls  p50 ${ms(median(quiet))}  p99 ${ms(percentile(quiet, 99))}`,
    );
    console.log(
      `   while ${PARALLEL} recordings render (${s(renderMs)}): ${loaded.length} calls  p50 ${ms(median(loaded))}  ` +
        `p99 ${ms(percentile(loaded, 99))}  max ${ms(loaded.at(-1) ?? NaN)}  target p99 <= ${TARGET_P99_MS} ms: ` +
        `${percentile(loaded, 99) <= TARGET_P99_MS ? 'met' : 'MISSED'}`,
    );
  } finally {
    await world.close();
  }
}

await main();
