// Signatures/s for a small POST JSON request, ours against the official @volcengine/openapi Signer in the same run,
// and verifications/s of the same request. Then node:crypto's createHmac, which the signer uses with each derived key
// imported once into a KeyObject, against a hand-made HMAC from two one-shot SHA-256 hashes over pads computed once
// per key (the form the signer used for a while; it is kept here only): the HMAC of a string to sign alone (also
// createHmac with the key as bytes), then signRequest and verifyRequestEagerly whole with either HMAC. The hand-made
// form stays out of the signer unless signRequest signs at least 10% more per second with it. Several rounds, the
// variants taking turns within each; medians, and the median of the rounds' paired ratios.
import { createHmac, createSecretKey, hash } from 'node:crypto';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { hashSha256Hex, signRequest, verifyRequest, verifyRequestEagerly } from '../src/index.js';
import { SigningKey } from '../src/signing-key.js';

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

// The string to sign of a typical request (catalog 1.2 step 3), and its derived key, cached as the signer caches it.
const stringToSign = `HMAC-SHA256\n20240520T083000Z\n20240520/cn-north-1/rtc/request\n${hashSha256Hex(body)}`;
const keyBytes = ['20240520', 'cn-north-1', 'rtc', 'request'].reduce<Buffer>(
  (key, part) => createHmac('sha256', key).update(part, 'utf8').digest(),
  Buffer.from(secretAccessKey, 'utf8'),
);
const keyObject = createSecretKey(keyBytes);

/** H(opad || H(ipad || message)) with both pads computed once, as the signer's SigningKey did (RFC 2104). */
function handMadeHmac(key: Buffer): (message: string) => string {
  const BLOCK = 64;
  const innerPad = Buffer.alloc(BLOCK, 0x36);
  const outer = Buffer.alloc(BLOCK + 32);
  outer.fill(0x5c, 0, BLOCK);
  for (let i = 0; i < key.length; i++) {
    innerPad[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  const scratch = Buffer.alloc(BLOCK + 1024);
  return (message) => {
    const input = message.length * 3 <= 1024 ? scratch : Buffer.allocUnsafe(BLOCK + message.length * 3);
    input.set(innerPad, 0);
    const length = input.write(message, BLOCK, 'utf8');
    outer.set(hash('sha256', input.subarray(0, BLOCK + length), 'buffer'), BLOCK);
    return hash('sha256', outer, 'hex');
  };
}

const viaCreateHmac = SigningKey.prototype.signatureHex;
const handMadeByKey = new WeakMap<SigningKey, (message: string) => string>();
/** SigningKey's signatureHex with the hand-made HMAC (its pads computed on the key's first signature). */
function viaHandMade(this: SigningKey, message: string): string {
  let sign = handMadeByKey.get(this);
  if (sign === undefined) handMadeByKey.set(this, (sign = handMadeHmac(this.bytes)));
  return sign(message);
}

const hmacVariants: [label: string, sign: (message: string) => string][] = [
  ['createHmac, cached key as bytes', (m) => createHmac('sha256', keyBytes).update(m, 'utf8').digest('hex')],
  ['createHmac, cached key as a KeyObject', (m) => createHmac('sha256', keyObject).update(m, 'utf8').digest('hex')],
  ['hand-made, two one-shot SHA-256 hashes', handMadeHmac(keyBytes)],
];

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
  const expected = createHmac('sha256', keyBytes).update(stringToSign, 'utf8').digest('hex');
  for (const [label, sign] of hmacVariants) {
    if (sign(stringToSign) !== expected) throw new Error(`${label} signs differently from node:crypto`);
  }

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

  // The HMAC step alone, each variant in turn within a round (the order rotating from round to round), so that a
  // drift of the machine's speed reaches every variant alike.
  for (const [, sign] of hmacVariants) await opsPerSecond(() => sign(stringToSign));
  const hmacRates: Rate[][] = hmacVariants.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < hmacVariants.length; k++) {
      const v = (round + k) % hmacVariants.length;
      const sign = hmacVariants[v]![1];
      hmacRates[v]!.push(await opsPerSecond(() => sign(stringToSign)));
    }
  }
  console.log(`HMAC-SHA256 of a ${stringToSign.length}-byte string to sign with a cached derived key:`);
  hmacVariants.forEach(([label], v) => console.log(row(`${label}:`, hmacRates[v]!, 'signatures')));
  // Against createHmac with a KeyObject, which is how the signer keeps a derived key (the key is imported once).
  const [, keyObjectRates, handMadeRates] = hmacRates as [Rate[], Rate[], Rate[]];
  console.log(
    `  hand-made / createHmac with a KeyObject, median of the rounds' ratios: ` +
      `${pairedRatio(handMadeRates, keyObjectRates)}`,
  );

  // The whole operations with either HMAC: the hand-made one is put in place of SigningKey's own signatureHex for
  // its rounds (its pads computed once per key), the rounds alternating.
  const whole: [label: string, run: () => unknown][] = [
    ['signRequest', signOurs],
    ['verifyRequestEagerly', () => verifyRequestEagerly(received, verifyOptions)],
  ];
  const useHmac = [viaCreateHmac, viaHandMade];
  for (const hmac of useHmac) {
    SigningKey.prototype.signatureHex = hmac;
    for (const [, run] of whole) await opsPerSecond(run);
  }
  const wholeRates = whole.map(() => useHmac.map((): Rate[] => []));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < useHmac.length; k++) {
      const h = (round + k) % useHmac.length;
      SigningKey.prototype.signatureHex = useHmac[h]!;
      for (let w = 0; w < whole.length; w++) wholeRates[w]![h]!.push(await opsPerSecond(whole[w]![1]));
    }
  }
  SigningKey.prototype.signatureHex = viaCreateHmac;
  console.log("Whole operations, with the signer's createHmac and with the hand-made HMAC put in its place:");
  whole.forEach(([label], w) => {
    const [viaNode, viaOwn] = wholeRates[w] as [Rate[], Rate[]];
    console.log(row(`${label}, createHmac (the signer's):`, viaNode, 'operations'));
    console.log(row(`${label}, hand-made:`, viaOwn, 'operations'));
    console.log(`  hand-made / createHmac, median of the rounds' ratios: ${pairedRatio(viaOwn, viaNode)}`);
    if (label === 'signRequest') console.log('  (the hand-made HMAC would be worth its code at >= 1.10x signatures/s)');
  });
}

/** Paired: each round's ratio of the two rates measured in that round, then the median of those ratios. */
function pairedRatio(of: Rate[], against: Rate[]): string {
  const ratio = (pick: (r: Rate) => number): string =>
    median(of.map((rate, round) => pick(rate) / pick(against[round]!))).toFixed(2);
  return `${ratio((r) => r.wall)}x wall-clock, ${ratio((r) => r.cpu)}x per CPU-second`;
}

await main();
