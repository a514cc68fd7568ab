// validateParams on a realistic StartRecord 2023-11-01 body, valid and invalid, against TypeBox's uncompiled
// Value.Check of the same schema measured in the same run (the baseline a naive server would use). Also the one-off
// cost of compiling a validator, paid on the first request of each action-version. Medians of several rounds.
import { Value } from '@sinclair/typebox/value';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { actionSpecs, getActionSpec, validateParams } from '../src/index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 300);

const spec = getActionSpec('StartRecord', '2023-11-01')!;
const valid = {
  AppId: '661e4a3c5b7d8e001234abcd',
  RoomId: 'room_001',
  TaskId: 'task-001',
  RecordMode: 0,
  TargetStreams: {
    StreamList: [
      { UserId: 'user_a', StreamType: 0 },
      { UserId: 'user_b', StreamType: 1 },
    ],
  },
  Encode: { VideoWidth: 1280, VideoHeight: 720, VideoFps: 15, VideoBitrate: 0, AudioChannels: 2 },
  Layout: { LayoutMode: 0 },
  Control: { MaxIdleTime: 180, MediaType: 0 },
  StorageConfig: { Type: 0, TosConfig: { AccountId: 'acc', Bucket: 'bucket', Region: 0 } },
};
const invalid = { ...valid, TargetStreams: { StreamList: [{ UserId: 'user a', StreamType: 0 }] } };

function opsPerSecond(fn: () => unknown): number {
  let n = 0;
  const end = performance.now() + ROUND_MS;
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
  }
  return (n * 1000) / ROUND_MS;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(fn: () => unknown): number {
  for (let i = 0; i < 2000; i++) fn();
  return median(Array.from({ length: ROUNDS }, () => opsPerSecond(fn)));
}

if (validateParams(spec, valid) !== undefined || validateParams(spec, invalid) === undefined) {
  throw new Error('bench fixtures are not what they claim');
}

const ours = measure(() => validateParams(spec, valid));
const oursInvalid = measure(() => validateParams(spec, invalid));
const oursLocal = measure(() => validateParams(spec, valid, { scope: 'local' }));
const baseline = measure(() => Value.Check(spec.params, valid));

const compileStart = performance.now();
for (const s of actionSpecs) TypeCompiler.Compile(s.params);
const compileMs = (performance.now() - compileStart) / actionSpecs.length;

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`validateParams, StartRecord 2023-11-01 (median of ${ROUNDS} rounds of ${ROUND_MS} ms)`);
console.log(`  valid, full scope        ${fmt(ours)} ops/s`);
console.log(`  invalid (first issue)    ${fmt(oursInvalid)} ops/s`);
console.log(`  valid, local scope       ${fmt(oursLocal)} ops/s`);
console.log(`  baseline Value.Check     ${fmt(baseline)} ops/s (uncompiled TypeBox, same schema)`);
console.log(`  ratio full / baseline    ${(ours / baseline).toFixed(1)}x`);
console.log(`  compiling one validator  ${compileMs.toFixed(2)} ms on average over ${actionSpecs.length} specs`);
