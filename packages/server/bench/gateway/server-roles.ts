// The gateway bench's child processes: the bare node:http baselines, the whole server (the built one of this
// checkout, or the one BENCH_SERVER_DIST names), the rooms' members (room-members.ts); how the parent starts and
// stops them and asks each server for its CPU time.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import type * as ServerModuleNs from '@rtc-openapi/server';
import { AnswerBatch } from '../../src/gateway/answer-batch.js';
import { ADMIN_TOKEN, SIGNED_AT, type Tenant } from './tenant-mix.js';

export type ServerRole = 'bare' | 'bare-batched' | 'full' | 'full-redis';

export interface Ready {
  url: string;
  /** The file the full server was loaded from (the built one). */
  serverModule?: string;
}

export interface Child {
  child: ChildProcess;
  ready: Ready;
}

/** The answer of the bare servers to every request (a ListApps envelope of the usual size). */
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

/** Each server answers `cpu` with the CPU time (user + system, µs) its process has used so far, all threads. */
function answerCpuQueries(): void {
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpuMicros: user + system });
    }
  });
}

/**
 * The baseline: whatever the request, a fixed envelope. `batched` writes its answers through the gateway's
 * AnswerBatch, as the pipeline does: a reference figure showing what that one technique is worth to a server doing
 * nothing else (the verdict is against plain bare).
 */
export async function serveBare(batched: boolean): Promise<void> {
  const batch = new AnswerBatch((error) => console.error(error));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = (): void => {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(FIXED_ENVELOPE),
        });
        res.end(FIXED_ENVELOPE);
      };
      if (batched) batch.add(answer);
      else answer();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  answerCpuQueries();
  process.on('disconnect', () => server.close());
  process.send!({ url: `http://127.0.0.1:${port}` } satisfies Ready);
}

type ServerModule = typeof ServerModuleNs;

/**
 * The built server to run: BENCH_SERVER_DIST (another checkout's `packages/server`, or its `dist/index.js`), or this
 * checkout's, resolved without the `source` condition (see start) so that the signer and catalog under it are built
 * ones too. Only what both revisions the bench compares export is used: createRtcServer and RedisRateLimiter.
 */
function serverModule(): string {
  const dist = process.env.BENCH_SERVER_DIST;
  if (!dist) return import.meta.resolve('@rtc-openapi/server');
  return pathToFileURL(dist.endsWith('.js') ? resolve(dist) : join(resolve(dist), 'dist', 'index.js')).href;
}

/** The whole server, with the admin API on (the tenants are seeded through it); with `redisUrl`, a Redis limiter. */
export async function serveFull(redisUrl?: string): Promise<void> {
  const moduleUrl = serverModule();
  const { createRtcServer, RedisRateLimiter } = (await import(moduleUrl)) as ServerModule;
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-bench-'));
  const server = createRtcServer({
    ...(redisUrl !== undefined && {
      rateLimiter: new RedisRateLimiter({ url: redisUrl, keyPrefix: `rtc-bench:${process.pid}:` }),
    }),
    dataDir,
    adminToken: ADMIN_TOKEN,
    // Requests are signed once with a fixed X-Date; the server's clock stands at that moment.
    clock: () => SIGNED_AT,
    // The limiter still runs on every request; the scale keeps the load past the catalog's budgets (10-20/s), and
    // with the clock standing still each call takes only 1/scale of a second of a budget.
    rateLimitScale: 1e6,
    logLevel: 'info',
    logDestination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const url = await server.listen();
  process.on('disconnect', () => {
    void server.close().then(() => rmSync(dataDir, { recursive: true, force: true }));
  });
  answerCpuQueries();
  process.send!({ url, serverModule: moduleUrl } satisfies Ready);
}

/**
 * Forks the bench's entry file in `role`; resolves with the server's Ready once it listens. `serverDist` sets the
 * child's BENCH_SERVER_DIST (the built server it runs); `profileDir` writes its CPU profile there.
 */
export function start(entry: string, role: ServerRole, options: { serverDist?: string; profileDir?: string } = {}) {
  // tsx stays (the bench is TypeScript); the `source` condition goes, so that the servers run the built packages as
  // `rtc-openapi serve` does.
  const execArgv = process.execArgv.filter((arg) => arg !== '--conditions=source');
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = fork(entry, [role], {
    stdio: 'inherit',
    execArgv: [...execArgv, ...profile],
    ...(options.serverDist !== undefined && { env: { ...process.env, BENCH_SERVER_DIST: options.serverDist } }),
  });
  return new Promise<Child>((resolve, reject) => {
    child.once('message', (ready: Ready) => resolve({ child, ready }));
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
}

/** Forks the bench's entry file as the members of every tenant's room, connected to `url`; resolves once all joined. */
export async function startMembers(entry: string, url: string, tenants: readonly Tenant[]): Promise<ChildProcess> {
  // With the parent's execArgv: tsx and, under `npm run bench`, the `source` condition (the client need not be built).
  const child = fork(entry, ['members'], { stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the room members exited with ${code}`)));
    child.send({ url, tenants });
  });
  return child;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  setTimeout(() => child.kill(), 3000).unref();
  await exited;
}

/** The CPU time the child's process has used so far (µs, all its threads). */
export function cpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: { cpuMicros?: number }) => {
      if (message.cpuMicros === undefined) return;
      child.off('message', onMessage);
      resolve(message.cpuMicros);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}
