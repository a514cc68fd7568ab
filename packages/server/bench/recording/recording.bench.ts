// Cloud recording, end to end on the whole server (in this process, data in a temporary directory, the packaged
// ffmpeg), driven by several tenants (accounts, each with its own key, app, room of publishers and callback): figures,
// not assertions; the targets are printed beside them. Ends by itself.
//
// 1. A mixed recording of 4 publishers (audio and video each) and a single-stream recording of the same 4 (4 files),
//    both RECORDING_BENCH_SECONDS long (60) and stopped together: the time from each StopRecord to its RecordStopped
//    callback, and media time / wall time (target: ready within a tenth of the media's duration). Baseline, same run:
//    ffmpeg alone (the media worker, nothing else) rendering one stream's file of the same length and settings.
// 2. GetRecordTask latency (p50, p99, max) over the whole life of RECORDING_BENCH_PARALLEL (8) recordings spread
//    across RECORDING_BENCH_TENANTS (4) tenants, RECORDING_BENCH_ROUNDS (3) times: while they run
//    (RECORDING_BENCH_PARALLEL_SECONDS, 20; their chunks rendered ahead) and while they finish (StopRecord until every
//    RecordStopped), each tenant polling its own recordings every RECORDING_BENCH_POLL_MS (50: under the 20 QPS an
//    account may call GetRecordTask). Target p99 <= 20 ms. Beside each phase, the server's event loop: its delay p99
//    and max, and how busy it was. Baseline, same run: the same polling with nothing rendering.
//
//   npm run bench:recording -w @rtc-openapi/server

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FfmpegMediaWorker } from '../../src/media/ffmpeg-media-worker.js';
import {
  ADMIN_TOKEN,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from '../../test/providers/recording/recording-harness.js';
import { closeTenants, keepMembersAlive, startTenants, taskOf, type BenchTenant } from './bench-tenants.js';
import { PhaseMeter, type PhaseFigures } from './phase-meter.js';

const SECONDS = Number(process.env.RECORDING_BENCH_SECONDS ?? 60);
const PARALLEL = Number(process.env.RECORDING_BENCH_PARALLEL ?? 8);
const PARALLEL_SECONDS = Number(process.env.RECORDING_BENCH_PARALLEL_SECONDS ?? 20);
const ROUNDS = Number(process.env.RECORDING_BENCH_ROUNDS ?? 3);
const TENANTS = Number(process.env.RECORDING_BENCH_TENANTS ?? 4);
const POLL_MS = Number(process.env.RECORDING_BENCH_POLL_MS ?? 50);
/** Publishers of part 1 (in the first tenant's room); the other rooms have 2. */
const PUBLISHERS = 4;
const TARGET_READY_FRACTION = 0.1;
const TARGET_P99_MS = 20;

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number): string => `${n.toFixed(1)} ms`.padStart(8);
const storage = { StorageConfig: { Type: 0 as const, TosConfig: { AccountId: '2100000001', Bucket: 'bench-bucket' } } };

type Task = ReturnType<typeof taskOf>;

/** The wall-clock ms from `from` until the task's RecordStopped arrives. */
async function untilStopped(world: RecordingWorld, taskId: string, from: number): Promise<number> {
  const data = await world.receiver.next('RecordStopped', taskId, 600_000);
  if (data.Code !== 0) throw new Error(`${taskId} failed: ${String(data.ErrorMessage)}`);
  return performance.now() - from;
}

/**
 * Each tenant polls GetRecordTask of its `tasks()` in turn, one call at a time, POLL_MS apart, until stopped; each
 * call's latency goes to the phase it started in.
 */
function startPolling(tenants: readonly BenchTenant[], tasks: (t: BenchTenant) => Task[], meter: PhaseMeter) {
  let stopped = false;
  const pollers = tenants.map(async (tenant) => {
    for (let n = 0; !stopped; n++) {
      const list = tasks(tenant);
      if (list.length === 0) {
        await sleep(POLL_MS);
        continue;
      }
      const phase = meter.current;
      const started = performance.now();
      let failed = false;
      try {
        await tenant.client.call('GetRecordTask', list[n % list.length]!);
      } catch {
        failed = true;
      }
      meter.record(phase, performance.now() - started, failed);
      await sleep(POLL_MS);
    }
  });
  return async () => {
    stopped = true;
    await Promise.all(pollers);
  };
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

/** Part 1: a mixed and a single-stream recording of the first tenant's PUBLISHERS, SECONDS long, stopped together. */
async function readyAfterStop(world: RecordingWorld, tenant: BenchTenant, baselineMs: number): Promise<void> {
  const mixed = taskOf(tenant, 'bench-mixed');
  const single = taskOf(tenant, 'bench-single');
  await tenant.client.call('StartRecord', { ...mixed, ...storage });
  await tenant.client.call('StartRecord', { ...single, ...storage, RecordMode: 1 });
  await sleep(SECONDS * 1000);
  const stopAt = performance.now();
  await Promise.all([tenant.client.call('StopRecord', mixed), tenant.client.call('StopRecord', single)]);
  const [mixedMs, singleMs] = await Promise.all([
    untilStopped(world, mixed.TaskId, stopAt),
    untilStopped(world, single.TaskId, stopAt),
  ]);
  const mixedTask = (await tenant.client.call('GetRecordTask', mixed)).RecordTask!;
  const singleTask = (await tenant.client.call('GetRecordTask', single)).RecordTask!;
  const mixedMedia = (mixedTask.RecordFileList ?? []).reduce((sum, f) => sum + (f.Duration ?? 0), 0);
  const singleMedia = (singleTask.RecordFileList ?? []).reduce((sum, f) => sum + (f.Duration ?? 0), 0);
  const bothMs = Math.max(mixedMs, singleMs);
  const inMixed = mixedTask.RecordFileList?.[0]?.StreamList?.length ?? 0;
  if (inMixed !== PUBLISHERS || singleTask.RecordFileList?.length !== PUBLISHERS) {
    throw new Error(`expected ${PUBLISHERS} streams in each recording: ${JSON.stringify([mixedTask, singleTask])}`);
  }
  const perStream = singleMedia / PUBLISHERS;
  console.log(
    `\n1. StopRecord -> RecordStopped (${SECONDS} s of ${PUBLISHERS} publishers, both tasks stopped together; load ${loadavg()[0]!.toFixed(1)})`,
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
      `target <= ${s(perStream * TARGET_READY_FRACTION)} per stream's ${s(perStream)}: ` +
      `${singleMs <= perStream * TARGET_READY_FRACTION ? 'met' : 'MISSED'}`,
  );
  console.log(
    `   both ready after ${s(bothMs)}: ${((mixedMedia + singleMedia) / bothMs).toFixed(1)}x media/wall overall`,
  );
}

/** Part 2: ROUNDS x PARALLEL recordings across the tenants, polled through their whole life, then a quiet baseline. */
async function latencyOverLife(world: RecordingWorld, tenants: readonly BenchTenant[]): Promise<void> {
  const meter = new PhaseMeter();
  let live: Task[] = [];
  const ofTenant = (tenant: BenchTenant) => live.filter((t) => t.AppId === tenant.appId);
  const stopPolling = startPolling(tenants, ofTenant, meter);
  let finishingMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const tasks = Array.from({ length: PARALLEL }, (_, i) =>
      taskOf(tenants[i % tenants.length]!, `bench-r${round}-${i}`),
    );
    const owner = (task: Task) => tenants.find((t) => t.appId === task.AppId)!;
    await Promise.all(tasks.map((t) => owner(t).client.call('StartRecord', { ...t, ...storage })));
    live = tasks;
    meter.begin('running');
    await sleep(PARALLEL_SECONDS * 1000);
    meter.begin('finishing');
    const stopAt = performance.now();
    await Promise.all(tasks.map((t) => owner(t).client.call('StopRecord', t)));
    finishingMs = Math.max(
      finishingMs,
      ...(await Promise.all(tasks.map((t) => untilStopped(world, t.TaskId, stopAt)))),
    );
    meter.end();
  }
  // Baseline: the same polling of the ended tasks, nothing rendering.
  meter.begin('quiet');
  await sleep(Math.max(5000, (PARALLEL_SECONDS * 1000) / 2));
  meter.end();
  await stopPolling();

  const rows: [PhaseFigures, string][] = [
    [meter.figures('quiet'), 'nothing rendering (baseline)'],
    [meter.figures('running'), `${PARALLEL} running, chunks rendered ahead`],
    [meter.figures('finishing'), `${PARALLEL} finishing (Stop -> all RecordStopped)`],
    [meter.combined(['running', 'finishing'], 'life'), 'whole life (running + finishing)'],
  ];
  console.log(
    `\n2. GetRecordTask while ${PARALLEL} recordings of ${PARALLEL_SECONDS} s run and finish, across ${tenants.length} tenants ` +
      `(${ROUNDS} rounds; each tenant polls its own every ${POLL_MS} ms; load ${loadavg()[0]!.toFixed(1)}); ` +
      `the slowest round's finishing took ${s(finishingMs)}`,
  );
  console.log(
    '   phase                                       wall      calls err     p50      p99      max | loop: delay p99     max  busy',
  );
  for (const [f, label] of rows) {
    const target =
      f.name === 'quiet' ? '' : `  p99 <= ${TARGET_P99_MS} ms: ${f.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`;
    console.log(
      `   ${label.padEnd(42)} ${s(f.wallMs).padStart(8)} ${String(f.calls).padStart(6)} ${String(f.errors).padStart(3)} ` +
        `${ms(f.p50)} ${ms(f.p99)} ${ms(f.max)} |      ${ms(f.loopP99)} ${ms(f.loopMax)} ${(f.loopBusy * 100).toFixed(0).padStart(4)}%${target}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `recording bench: ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${TENANTS} tenants; ${PUBLISHERS} publishers, ${SECONDS} s recordings; ` +
      `${ROUNDS} x ${PARALLEL} x ${PARALLEL_SECONDS} s in parallel`,
  );
  // Baseline first, on a quiet box: ffmpeg alone.
  const baselineMs = await baselineRender(SECONDS);
  const world = await startRecordingWorld();
  let tenants: BenchTenant[] = [];
  let stopPings = () => {};
  try {
    // Part 1 records the first tenant's room.
    tenants = await startTenants(world, ADMIN_TOKEN, TENANTS, (i) => (i === 0 ? PUBLISHERS : 2));
    stopPings = keepMembersAlive(tenants);
    await readyAfterStop(world, tenants[0]!, baselineMs);
    await latencyOverLife(world, tenants);
  } finally {
    stopPings();
    await closeTenants(tenants);
    await world.close();
  }
}

await main();
