// Signatures/s for a small POST JSON request, ours against the official @volcengine/openapi Signer in the same run,
// and verifications/s of the same request. Several rounds; medians and the ratio are printed.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { signRequest, verifyRequest, verifyRequestEagerly } from '../src/index.js';

interface OfficialSigner {
  addAuthorization(credentials: { accessKeyId: string; secretKey: string }, date?: Date): void;
}
const require = createRequire(import.meta.url);
const OfficialSignerClass = (
  require('@volcengine/openapi/lib/base/sign.js') as {
    default: new (request: object, service: string) => OfficialSigner;
  }
).default;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 400);

const accessKeyId = 'AKLTtestAccessKeyId0000000000000000000000000';
const secretAccessKey = 'dGVzdFNlY3JldEFjY2Vzc0tleTAwMDAwMDAwMDAwMDAwMDA=';
const body = JSON.stringify({
  AppId: '661e4a3c5b7d8e001234abcd',
  RoomId: 'room_001',
  UserId: 'user_a',
  TaskId: 'task-001',
});
const date = new Date('2024-05-20T08:30:00Z');

const request = {
  method: 'POST',
  path: '/',
  query: { Action: 'StartRecord', Version: '2023-11-01' },
  headers: { 'Content-Type': 'application/json', Host: 'rtc.volcengineapi.com' },
  body,
};
const signOptions = { region: 'cn-north-1', service: 'rtc', date };

function signOurs(): string {
  return signRequest(request, { accessKeyId, secretAccessKey }, signOptions).authorization;
}

function signOfficial(): void {
  const signer = new OfficialSignerClass(
    {
      region: 'cn-north-1',
      method: 'POST',
      pathname: '/',
      params: { Action: 'StartRecord', Version: '2023-11-01' },
      headers: { 'Content-Type': 'application/json', Host: 'rtc.volcengineapi.com' },
      body,
    },
    'rtc',
  );
  signer.addAuthorization({ accessKeyId, secretKey: secretAccessKey }, date);
}

const signed = signRequest(request, { accessKeyId, secretAccessKey }, signOptions);
const received = {
  method: 'POST',
  url: `/?${signed.queryString}`,
  headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
  body: Buffer.from(body),
};
const verifyOptions = { lookupSecret: (ak: string) => (ak === accessKeyId ? secretAccessKey : undefined), now: date };

interface Rate {
  /** Operations per wall-clock second. */
  wall: number;
  /** Operations per second of CPU time used by this process (less sensitive to other load on the box). */
  cpu: number;
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Runs `fn` for ROUND_MS; a promise it returns is awaited before the next call. */
async function opsPerSecond(fn: () => unknown): Promise<Rate> {
  let ops = 0;
  const cpuStart = cpuMicros();
  const start = process.hrtime.bigint();
  const end = start + BigInt(ROUND_MS) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) {
      const result = fn();
      if (result instanceof Promise) await result;
    }
    ops += 100;
    now = process.hrtime.bigint();
  }
  return { wall: ops / (Number(now - start) / 1e9), cpu: ops / ((cpuMicros() - cpuStart) / 1e6) };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const check = await verifyRequest(received, verifyOptions);
  if (!check.ok) throw new Error(`bench request does not verify: ${check.code} ${check.message}`);

  // Warm-up so that both signers run optimised code.
  await opsPerSecond(signOfficial);
  await opsPerSecond(signOurs);
  await opsPerSecond(() => verifyRequest(received, verifyOptions));
  await opsPerSecond(() => verifyRequestEagerly(received, verifyOptions));

  const official: Rate[] = [];
  const ours: Rate[] = [];
  const verifications: Rate[] = [];
  const eager: Rate[] = [];
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    official.push(await opsPerSecond(signOfficial));
    ours.push(await opsPerSecond(signOurs));
    verifications.push(await opsPerSecond(() => verifyRequest(received, verifyOptions)));
    eager.push(await opsPerSecond(() => verifyRequestEagerly(received, verifyOptions)));
  }
  const wall = (rates: Rate[]): number => median(rates.map((r) => r.wall));
  const cpu = (rates: Rate[]): number => median(rates.map((r) => r.cpu));
  const row = (label: string, rates: Rate[], unit: string): string =>
    `  ${label.padEnd(44)} ${fmt(wall(rates)).padStart(9)} ${unit}/s   (${fmt(cpu(rates))} per CPU-second)`;
  console.log(`@rtc-openapi/signer bench: ${ROUNDS} rounds of ${ROUND_MS} ms each, medians; Node ${process.version}`);
  console.log(`  load average before/after: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`);
  console.log(row('sign, official @volcengine/openapi Signer:', official, 'signatures'));
  console.log(row('sign, @rtc-openapi/signer signRequest:', ours, 'signatures'));
  console.log(
    `  ratio ours/official: ${(wall(ours) / wall(official)).toFixed(1)}x wall-clock, ` +
      `${(cpu(ours) / cpu(official)).toFixed(1)}x per CPU-second (target >= 15x)`,
  );
  console.log(row('verify, @rtc-openapi/signer verifyRequest:', verifications, 'verifications'));
  console.log(row('verify, verifyRequestEagerly (what the server calls):', eager, 'verifications'));
  console.log('  (target >= 100,000 verifications/s)');
}

await main();
