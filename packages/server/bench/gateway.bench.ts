// Throughput and latency of a signed read action (ListApps, answered from SQLite) through the whole pipeline,
// against a bare node:http server that answers a fixed envelope, with the same load tool (autocannon) in the same
// run; then the pipeline's latency at half the bare server's throughput. Each server runs in its own process so the
// load generator does not share its event loop. Figures, not assertions: targets are printed next to them.
//
//   npm run bench -w @rtc-openapi/server            (BENCH_SECONDS=10 BENCH_CONNECTIONS=32 to change the load)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { signRequest } from '@rtc-openapi/signer';
import { createRtcServer } from '../src/server.js';

const SIGNED_AT = Date.parse('2024-05-20T08:30:00Z');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FIXED_ENVELOPE = JSON.stringify({
  ResponseMetadata: {
    RequestId: '20240520083000ABCDEF012345678901',
    Action: 'ListApps',
    Version: '2023-11-01',
    Service: 'rtc',
    Region: 'cn-north-1',
  },
  Result: { AppList: [], Offset: 0, Limit: 50, Total: 0 },
});

interface Ready {
  url: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  appId?: string;
}

// ---- child processes: the servers ------------------------------------------------------------------------------

async function serveBare(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(FIXED_ENVELOPE),
      });
      res.end(FIXED_ENVELOPE);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  process.send!({ url: `http://127.0.0.1:${port}` } satisfies Ready);
}

async function serveFull(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-bench-'));
  const server = createRtcServer({
    dataDir,
    dev: true,
    // Requests are signed once with a fixed X-Date; the server's clock stands at that moment.
    clock: () => SIGNED_AT,
    // The limiter still runs on every request; the scale only keeps the load test past the catalog's 20/s.
    rateLimitScale: 1e6,
    logLevel: 'info',
    logDestination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const url = await server.listen();
  const dev = server.devCredentials!;
  process.on('disconnect', () => {
    void server.close().then(() => rmSync(dataDir, { recursive: true, force: true }));
  });
  process.send!({
    url,
    accessKeyId: dev.accessKeyId,
    secretAccessKey: dev.secretAccessKey,
    appId: dev.appId,
  } satisfies Ready);
}

// ---- the load generator ----------------------------------------------------------------------------------------

function start(role: 'bare' | 'full'): Promise<{ child: ChildProcess; ready: Ready }> {
  // BENCH_PROFILE=dir writes a CPU profile of the full server there (node --cpu-prof), to find what to optimise.
  const profile =
    role === 'full' && process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(new URL(import.meta.url).pathname, [role], {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...profile],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready: Ready) => resolve({ child, ready }));
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  setTimeout(() => child.kill(), 3000).unref();
  await exited;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

interface Scenario {
  label: string;
  method: 'GET' | 'POST';
  query: Record<string, string>;
  body?: string;
}

/** Two signed read actions: one answered from SQLite (apps), one from in-memory room state. */
function scenarios(appId: string): Scenario[] {
  return [
    {
      label: 'ListApps (POST, SQLite)',
      method: 'POST',
      query: { Action: 'ListApps', Version: '2023-11-01' },
      body: '{}',
    },
    {
      label: 'GetRoomOnlineUsers (GET, memory)',
      method: 'GET',
      query: { Action: 'GetRoomOnlineUsers', Version: '2023-11-01', AppId: appId, RoomId: 'bench-room' },
    },
  ];
}

async function load(
  url: string,
  request: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string },
  seconds: number,
  overallRate?: number,
): Promise<Figures> {
  const result = await autocannon({
    url: url + request.path,
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
    connections: CONNECTIONS,
    duration: seconds,
    ...(overallRate !== undefined && { overallRate }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function line(label: string, f: Figures): string {
  return `${label.padEnd(44)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(2).padStart(6)} ms   p99 ${f.p99.toFixed(2).padStart(6)} ms   errors ${f.errors}   non-2xx ${f.non2xx}`;
}

async function main(): Promise<void> {
  console.log(
    `gateway benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run, autocannon, servers in child processes`,
  );

  const bare = await start('bare');
  const bareRequest = {
    method: 'POST' as const,
    path: '/?Action=ListApps&Version=2023-11-01',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  };
  await load(bare.ready.url, bareRequest, 2);
  const bareFigures = await load(bare.ready.url, bareRequest, SECONDS);
  await stop(bare.child);
  const halfRate = Math.round(bareFigures.rps / 2);

  const full = await start('full');
  const results: { scenario: Scenario; max: Figures; half: Figures; ownHalf: Figures; ownHalfRate: number }[] = [];
  // BENCH_ONLY=<action> runs one scenario (with BENCH_PROFILE, a profile of just that action).
  const only = process.env.BENCH_ONLY;
  for (const scenario of scenarios(full.ready.appId!).filter((s) => !only || s.query.Action === only)) {
    const signed = signRequest(
      {
        method: scenario.method,
        query: scenario.query,
        ...(scenario.body !== undefined && { headers: { 'content-type': 'application/json' }, body: scenario.body }),
      },
      { accessKeyId: full.ready.accessKeyId!, secretAccessKey: full.ready.secretAccessKey! },
      { region: 'cn-north-1', service: 'rtc', date: new Date(SIGNED_AT) },
    );
    const request = {
      method: scenario.method,
      path: `/?${signed.queryString}`,
      headers: signed.headers,
      ...(scenario.body !== undefined && { body: scenario.body }),
    };
    await load(full.ready.url, request, 2);
    const max = await load(full.ready.url, request, SECONDS);
    const half = await load(full.ready.url, request, SECONDS, halfRate);
    // Latency at a load the pipeline sustains: half its own maximum.
    const ownHalfRate = Math.round(max.rps / 2);
    const ownHalf = await load(full.ready.url, request, SECONDS, ownHalfRate);
    results.push({ scenario, max, half, ownHalf, ownHalfRate });
  }
  await stop(full.child);

  console.log('');
  console.log(line('bare node:http, fixed envelope', bareFigures));
  for (const { scenario, max, half, ownHalf, ownHalfRate } of results) {
    console.log(line(`pipeline ${scenario.label}`, max));
    console.log(line(`  same at ${halfRate} req/s (half bare)`, half));
    console.log(line(`  same at ${ownHalfRate} req/s (half its own max)`, ownHalf));
  }
  console.log('');
  for (const { scenario, max, half } of results) {
    const ratio = max.rps / bareFigures.rps;
    console.log(
      `${scenario.label}: throughput ${(ratio * 100).toFixed(1)}% of bare (target >= 50%: ${ratio >= 0.5 ? 'met' : 'NOT met'}); ` +
        `p99 at half the bare load ${half.p99.toFixed(2)} ms, achieved ${half.rps.toFixed(0)} req/s (target <= 10 ms: ${half.p99 <= 10 && half.rps >= halfRate * 0.95 ? 'met' : 'NOT met'})`,
    );
    if (max.non2xx > 0 || half.non2xx > 0) console.log(`  WARNING: ${scenario.label} answered errors during the run`);
  }
}

const role = process.argv[2];
if (role === 'bare') await serveBare();
else if (role === 'full') await serveFull();
else await main();
