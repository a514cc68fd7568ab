// Rooms under load: 10,000 presence connections in 1,000 rooms (one of them holding 1,000 users) against the real
// server (gateway, identity, rooms on SQLite in a temporary data directory). This process runs only the server, so
// its RSS is the server's; a child process opens the sockets, keeps them alive with pings, and makes the signed
// API calls: GetRoomOnlineUsers latency under that load, and a DismissRoom of the 1,000-user room timed until the
// last of its clients has the -1011 frame. Everything is on 127.0.0.1; the run stops by itself (time limit below).
//
//   npm run bench:rooms -w @rtc-openapi/server        (ROOMS_BENCH_USERS / _ROOMS / _BIG to scale it down)
//
// With 10,000 sockets connected, each young-generation collection of the server took 5-50 ms here (--trace-gc on a
// busy 2-core box), and those pauses set the API's p99. A larger young generation makes them rare, for more RSS:
//   node --max-semi-space-size=64 --conditions=source --import tsx bench/rooms.bench.ts

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { AccessToken } from '@rtc-openapi/client';
import { signRequest } from '@rtc-openapi/signer';
import { createRtcServer } from '../src/server.js';
import { percentile } from './median.js';

const USERS = Number(process.env.ROOMS_BENCH_USERS ?? 10_000);
const ROOMS = Number(process.env.ROOMS_BENCH_ROOMS ?? 1_000);
const BIG_ROOM_USERS = Number(process.env.ROOMS_BENCH_BIG ?? 1_000);
const QUERIES = 2_000;
const TIME_LIMIT_MS = 6 * 60_000;

interface LoadSetup {
  url: string;
  appId: string;
  appKey: string;
  accessKeyId: string;
  secretAccessKey: string;
}

type LoadMessage =
  | { kind: 'joined'; joinMs: number; users: number }
  | { kind: 'queried'; bigRoom: number[]; smallRooms: number[] }
  | { kind: 'dismissed'; apiMs: number; allClientsMs: number; reached: number; expected: number }
  | { kind: 'failed'; error: string };

const ms = (n: number): string => `${n.toFixed(2)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

if (process.argv.includes('--load')) {
  process.once('message', (setup: LoadSetup) => {
    runLoad(setup).then(
      () => process.exit(0),
      (e: unknown) => {
        process.send!({ kind: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        process.exit(1);
      },
    );
  });
} else {
  await runServer();
}

// ---- the server side (this process) ----------------------------------------------------------------------------

async function runServer(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rooms-bench-'));
  const server = createRtcServer({ dataDir, dev: true, logLevel: 'warn', rateLimitScale: 1000 });
  await server.listen();
  const creds = server.devCredentials!;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const baseRss = process.memoryUsage().rss;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const gcPauses: number[] = [];
  let measuringGc = false;
  const gcObserver = new PerformanceObserver((list) => {
    if (measuringGc) for (const e of list.getEntries()) gcPauses.push(e.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let cpuAtJoined = process.cpuUsage();
  let joinedAt = performance.now();
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--load'], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const deadline = setTimeout(() => {
    console.error(`rooms bench: over the ${TIME_LIMIT_MS / 1000} s limit, stopping`);
    child.kill('SIGKILL');
    process.exit(1);
  }, TIME_LIMIT_MS);
  console.log(
    `rooms bench: ${USERS} users in ${ROOMS} rooms (one of ${BIG_ROOM_USERS}), server pid ${process.pid}, ` +
      `load generator pid ${child.pid}; server RSS before load ${mb(baseRss)}`,
  );
  const done = new Promise<void>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      switch (m.kind) {
        case 'joined': {
          const rss = process.memoryUsage().rss;
          peakRss = Math.max(peakRss, rss);
          console.log(`joined: ${m.users} users connected in ${(m.joinMs / 1000).toFixed(1)} s`);
          console.log(`server RSS with ${m.users} users connected: ${mb(rss)} (target <= 400 MB)`);
          loopDelay.enable();
          measuringGc = true;
          cpuAtJoined = process.cpuUsage();
          joinedAt = performance.now();
          break;
        }
        case 'queried': {
          loopDelay.disable();
          measuringGc = false;
          gcObserver.disconnect();
          const cpu = process.cpuUsage(cpuAtJoined);
          const wall = performance.now() - joinedAt;
          console.log(
            `server while idle-connected and queried: CPU ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(0)}% ` +
              `of one core, event-loop delay p50 ${ms(loopDelay.percentile(50) / 1e6)} p99 ${ms(loopDelay.percentile(99) / 1e6)} ` +
              `(10 ms timer), GC pauses ${gcPauses.length} (longest ${ms(Math.max(0, ...gcPauses))})`,
          );
          const all = [...m.bigRoom, ...m.smallRooms].sort((a, b) => a - b);
          const big = [...m.bigRoom].sort((a, b) => a - b);
          const small = [...m.smallRooms].sort((a, b) => a - b);
          console.log(
            `GetRoomOnlineUsers under load (${all.length} signed HTTP calls, one at a time): ` +
              `p50 ${ms(percentile(all, 50))}, p99 ${ms(percentile(all, 99))} (target <= 20 ms); ` +
              `${BIG_ROOM_USERS}-user room p99 ${ms(percentile(big, 99))}, small rooms p99 ${ms(percentile(small, 99))}`,
          );
          break;
        }
        case 'dismissed':
          console.log(
            `DismissRoom of the ${m.expected}-user room: API answered in ${ms(m.apiMs)}; ` +
              `${m.reached}/${m.expected} clients had the -1011 frame after ${ms(m.allClientsMs)} (target <= 1000 ms)`,
          );
          break;
        case 'failed':
          reject(new Error(m.error));
          break;
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load generator exited with ${code}`))));
  });
  child.send({
    url: server.url,
    appId: creds.appId,
    appKey: creds.appKey,
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
  } satisfies LoadSetup);
  try {
    await done;
    console.log(`server peak RSS over the run: ${mb(peakRss)}`);
    console.log(
      `machine load average (1/5 min) at the end: ${loadavg()
        .slice(0, 2)
        .map((l) => l.toFixed(1))
        .join(' / ')} on a ${availableParallelism()}-core box`,
    );
  } finally {
    clearTimeout(deadline);
    clearInterval(sampler);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- the load generator (child process) --------------------------------------------------------------------------

interface Peer {
  ws: WebSocket;
  roomId: string;
  dismissedAt?: number;
  closedWith?: number;
}

async function runLoad(setup: LoadSetup): Promise<void> {
  const wsUrl = `${setup.url.replace(/^http/, 'ws')}/rtc/presence`;
  const roomOf = (i: number): string =>
    i < BIG_ROOM_USERS ? 'big-room' : `room-${(i - BIG_ROOM_USERS) % (ROOMS - 1)}`;
  const peers: Peer[] = [];
  const started = performance.now();
  let next = 0;
  const joinOne = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= USERS) return;
      const roomId = roomOf(i);
      const userId = `user-${i}`;
      const token = new AccessToken({
        appId: setup.appId,
        roomId,
        userId,
        expireAt: Math.floor(Date.now() / 1000) + 3600,
      })
        .addPrivilege('PublishStream')
        .addPrivilege('SubscribeStream')
        .serialize(setup.appKey);
      const peer = await new Promise<Peer>((resolve, reject) => {
        const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
        const p: Peer = { ws, roomId };
        ws.on('message', (data: Buffer) => {
          // Most frames are userJoined chatter; only two matter here, so skip JSON parsing.
          const text = data.toString();
          if (text.startsWith('{"type":"joined"')) resolve(p);
          else if (text.startsWith('{"type":"roomDismissed"')) p.dismissedAt = performance.now();
          else if (text.startsWith('{"type":"error"') && text.includes('"id":1')) reject(new Error(text));
        });
        ws.once('error', reject);
        ws.once('close', (code) => (p.closedWith = code));
        ws.once('open', () =>
          ws.send(JSON.stringify({ type: 'join', v: 1, id: 1, appId: setup.appId, roomId, userId, token })),
        );
      });
      peers.push(peer);
    }
  };
  // Heartbeats from the start (joining all takes a while): every client pings every 5 s, the server's advertised
  // interval, at its own phase, as real clients do; a tick every 20 ms serves 1/250 of them.
  let turn = 0;
  const pinger = setInterval(() => {
    for (let i = turn % 250; i < peers.length; i += 250) {
      if (peers[i]!.ws.readyState === WebSocket.OPEN) peers[i]!.ws.send('{"type":"ping"}');
    }
    turn++;
  }, 20);
  await Promise.all(Array.from({ length: 200 }, joinOne));
  const joinMs = performance.now() - started;
  process.send!({ kind: 'joined', joinMs, users: peers.length } satisfies LoadMessage);
  await new Promise((r) => setTimeout(r, 2000));

  const api = new ApiCaller(setup);
  const bigRoom: number[] = [];
  const smallRooms: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const roomId = q % 2 === 0 ? 'big-room' : `room-${q % (ROOMS - 1)}`;
    const t0 = performance.now();
    const result = (await api.call('GET', 'GetRoomOnlineUsers', '2023-11-01', {
      AppId: setup.appId,
      RoomId: roomId,
    })) as {
      TotalUser?: number;
    };
    const elapsed = performance.now() - t0;
    if (!result.TotalUser) throw new Error(`GetRoomOnlineUsers of ${roomId} found nobody: ${JSON.stringify(result)}`);
    (roomId === 'big-room' ? bigRoom : smallRooms).push(elapsed);
  }
  process.send!({ kind: 'queried', bigRoom, smallRooms } satisfies LoadMessage);

  const early = peers.filter((p) => p.closedWith !== undefined);
  if (early.length > 0) {
    const codes = [...new Set(early.map((p) => p.closedWith))].join(', ');
    console.log(`note: ${early.length} connections had closed before the dismiss (close codes ${codes})`);
  }
  const members = peers.filter((p) => p.roomId === 'big-room' && p.closedWith === undefined);
  const t0 = performance.now();
  await api.call('POST', 'DismissRoom', '2020-12-01', { AppId: setup.appId, RoomId: 'big-room' });
  const apiMs = performance.now() - t0;
  const waitUntil = performance.now() + 10_000;
  while (members.some((p) => p.dismissedAt === undefined) && performance.now() < waitUntil) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const reached = members.filter((p) => p.dismissedAt !== undefined);
  // NaN when no client was reached: the report then shows reached 0/N rather than an invented time.
  const allClientsMs = reached.length === 0 ? NaN : Math.max(...reached.map((p) => p.dismissedAt! - t0));
  process.send!({
    kind: 'dismissed',
    apiMs,
    allClientsMs,
    reached: reached.length,
    expected: members.length,
  } satisfies LoadMessage);
  clearInterval(pinger);
  api.close();
  for (const p of peers) p.ws.terminate();
}

/** Signed OpenAPI calls over one keep-alive connection. */
class ApiCaller {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #host: string;
  readonly #port: number;

  constructor(private readonly setup: LoadSetup) {
    const u = new URL(setup.url);
    this.#host = u.host;
    this.#port = Number(u.port);
  }

  call(method: 'GET' | 'POST', action: string, version: string, params: Record<string, string>): Promise<unknown> {
    const query =
      method === 'GET' ? { Action: action, Version: version, ...params } : { Action: action, Version: version };
    const body = method === 'POST' ? JSON.stringify(params) : '';
    const headers: Record<string, string> = { host: this.#host };
    if (method === 'POST') headers['content-type'] = 'application/json';
    const signed = signRequest(
      { method, path: '/', query, headers, body },
      { accessKeyId: this.setup.accessKeyId, secretAccessKey: this.setup.secretAccessKey },
      { region: 'cn-north-1', service: 'rtc' },
    );
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.#port,
          method,
          path: `/?${signed.queryString}`,
          headers: signed.headers,
          agent: this.#agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const envelope = JSON.parse(Buffer.concat(chunks).toString()) as {
              ResponseMetadata: { Error?: { Code: string; Message: string } };
              Result?: unknown;
            };
            const error = envelope.ResponseMetadata.Error;
            if (error) reject(new Error(`${action}: ${error.Code} ${error.Message}`));
            else resolve(envelope.Result);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
