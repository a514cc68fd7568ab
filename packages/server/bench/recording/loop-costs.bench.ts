// What two things the recording path did cost the server's event loop before they were moved off it, measured in
// this process (a few seconds; figures, not assertions):
//
// 1. Starting a media tool: the synchronous part of child_process.spawn (a fork of this process, whose cost grows
//    with its memory) against asking the launcher process (src/media/process-launcher.ts) to start it, at this
//    process's memory and at RECORDING_LOOP_BALLAST_MB (300) more.
// 2. JSON.stringify of a GetRecordTask answer and Array.prototype.push, with the runtime's own and after evaluating
//    pdf.js's legacy build, whose core-js polyfills replace them (what src/whiteboard/pdfjs-module.ts undoes).
//
//   npm run bench:recording-loop -w @rtc-openapi/server

import { spawn } from 'node:child_process';
import { ProcessLauncher } from '../../src/media/process-launcher.js';
import { median } from '../median.js';

const BALLAST_MB = Number(process.env.RECORDING_LOOP_BALLAST_MB ?? 300);
const STARTS = 15;

const rssMb = (): string => `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;

/** The event loop's share of starting STARTS short processes one after another, each way: median and max, ms. */
async function startCosts(launcher: ProcessLauncher): Promise<{ spawn: number[]; launcher: number[] }> {
  const direct: number[] = [];
  const asked: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    let t = performance.now();
    const child = spawn('/bin/true', [], { stdio: ['ignore', 'pipe', 'pipe'] });
    direct.push(performance.now() - t);
    await new Promise((resolve) => child.once('close', resolve));
    t = performance.now();
    const run = launcher.launch('/bin/true', []);
    asked.push(performance.now() - t);
    await run.exited;
  }
  return { spawn: direct, launcher: asked };
}

function line(label: string, values: number[]): string {
  return `${label} median ${median(values).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms`;
}

const answer = {
  ResponseMetadata: { RequestId: '20240520083000ABCDEF0123456789ABCD', Action: 'GetRecordTask', Version: '2023-11-01' },
  Result: {
    RecordTask: {
      StartTime: 1_716_193_800_000,
      EndTime: 1_716_193_820_000,
      Status: 3,
      StopReason: 'StopByAPI',
      RecordFileList: Array.from({ length: 4 }, (_, i) => ({
        ObjectKey: `rec/day1/bench-${i}_bench-room_user-${i}_C_1716193800000_000020_0123abcd.mp4`,
        Duration: 20_000,
        Size: 1_234_567,
        StartTime: 1_716_193_800_000,
        StreamList: [{ UserId: `user-${i}`, Index: i, StreamType: 0 }],
        VideoCodec: 'h264',
        AudioCodec: 'aac',
        VideoWidth: 640,
        VideoHeight: 480,
      })),
    },
  },
};

/** Microseconds per JSON.stringify of the answer, and nanoseconds per push. */
function builtInCosts(): { stringifyUs: number; pushNs: number } {
  let t = performance.now();
  let n = 0;
  for (let i = 0; i < 20_000; i++) n += JSON.stringify(answer).length;
  const stringifyUs = ((performance.now() - t) * 1000) / 20_000;
  t = performance.now();
  for (let r = 0; r < 2000; r++) {
    const list: number[] = [];
    for (let i = 0; i < 1000; i++) list.push(i);
    n += list.length;
  }
  const pushNs = ((performance.now() - t) * 1e6) / 2e6;
  return n > 0 ? { stringifyUs, pushNs } : { stringifyUs: NaN, pushNs: NaN };
}

async function main(): Promise<void> {
  const launcher = new ProcessLauncher();
  await launcher.launch('/bin/true', []).exited;
  console.log('1. Starting a short process: the event loop blocked for');
  let costs = await startCosts(launcher);
  console.log(`   at ${rssMb()}: ${line('spawn', costs.spawn)}; ${line('launcher', costs.launcher)}`);
  const ballast: Buffer[] = [];
  for (let i = 0; i < BALLAST_MB; i++) ballast.push(Buffer.alloc(1 << 20, i));
  costs = await startCosts(launcher);
  console.log(`   at ${rssMb()}: ${line('spawn', costs.spawn)}; ${line('launcher', costs.launcher)}`);
  ballast.length = 0;

  console.log('2. Built-ins, before and after evaluating pdf.js’s legacy build');
  builtInCosts();
  const own = builtInCosts();
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  builtInCosts();
  const polyfilled = builtInCosts();
  console.log(
    `   JSON.stringify of a GetRecordTask answer: ${own.stringifyUs.toFixed(1)} µs, then ${polyfilled.stringifyUs.toFixed(1)} µs`,
  );
  console.log(`   Array.prototype.push: ${own.pushNs.toFixed(1)} ns, then ${polyfilled.pushNs.toFixed(1)} ns`);
}

await main();
