// Calls per second of @rtc-openapi/client and of the official @volcengine/openapi rtc client, against one bare
// local node:http server returning a fixed envelope, at the same concurrency, in the same run. Rounds alternate
// between the clients so that machine noise hits both; the medians and their ratio are printed.
//   npm run bench -w @rtc-openapi/client            (BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONCURRENCY to tune)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import volcengine from '@volcengine/openapi';
import { RtcClient } from '@rtc-openapi/client';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const credentials = { accessKeyId: 'AKLTbench', secretAccessKey: 'bench-secret' };
const params = { AppId: '0123456789abcdef01234567', RoomId: 'room-1', TaskId: 'task-1' };
// The official client's rtc service speaks GetRecordTask at 2022-06-01; both sides call exactly that.
const version = '2022-06-01';

const body = JSON.stringify({
  ResponseMetadata: {
    RequestId: 'bench',
    Action: 'GetRecordTask',
    Version: version,
    Service: 'rtc',
    Region: 'cn-north-1',
  },
  Result: { RecordTask: { StartTime: 1700000000000, EndTime: 0, Status: 2, StopReason: '', RecordFileList: [] } },
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const endpoint = `http://127.0.0.1:${port}`;

// Ours as a backend would run it, minus the throttle (the official client has none, and the catalog QPS would make
// this a measure of the limiter instead).
const ours = new RtcClient({ ...credentials, endpoint, throttle: false, connections: concurrency });
// A CommonJS package whose named exports Node cannot detect; its rtc service is `rtcOpenapi` on the default export.
const official = new volcengine.rtcOpenapi.RtcService({
  serviceName: 'rtc', // required by its types, replaced by RtcService anyway
  host: `127.0.0.1:${port}`,
  protocol: 'http:',
  accessKeyId: credentials.accessKeyId,
  secretKey: credentials.secretAccessKey,
});

type Subject = { name: string; call: () => Promise<unknown> };
const subjects: Subject[] = [
  { name: '@rtc-openapi/client', call: () => ours.GetRecordTask(params, { version }) },
  {
    name: '@volcengine/openapi', // Its typings wrongly demand Action and Version inside the params; it sets both itself.
    call: () => official.GetRecordTask(params as never),
  },
];

// Both must really reach the server and get the Result back, or the figures mean nothing.
for (const subject of subjects) {
  const result = (await subject.call()) as { RecordTask?: unknown; Result?: { RecordTask?: unknown } };
  if (!(result.RecordTask ?? result.Result?.RecordTask)) throw new Error(`${subject.name} did not return the Result`);
}

async function measure(subject: Subject): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await subject.call();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

const results = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
for (const subject of subjects) await measure({ ...subject }); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) {
    results.get(subject.name)!.push(await measure(subject));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
console.log(
  `GetRecordTask ${version} against a bare local node:http server; concurrency ${concurrency}, ${rounds} rounds of ${seconds} s`,
);
for (const [name, figures] of results) {
  console.log(
    `${name.padEnd(22)} median ${Math.round(median(figures)).toLocaleString('en-US').padStart(7)} calls/s   rounds: ${figures.map((f) => Math.round(f)).join(', ')}`,
  );
}
const ratio = median(results.get('@rtc-openapi/client')!) / median(results.get('@volcengine/openapi')!);
console.log(`ratio ours / official: ${ratio.toFixed(2)}x (target >= 3x)`);

await ours.close();
server.closeAllConnections();
server.close();
