// The gateway's own time per call, the code at a git revision against the working tree, paired in one process. A call
// goes through the request listener whole (every stage, the envelope, metrics, the request log line to /dev/null,
// the audit hand-over to its worker) with GetRoomOnlineUsers signed as a client would; only node:http is left out (the
// request and response are plain objects), so what is measured is what the server adds to a bare node:http server.
// The two builds are bundled from their sources with esbuild, loaded side by side, and run in alternating rounds of
// 5,000 calls: a drift of the box's speed (on the 2-core bench machine, more than 20% from one minute to the next)
// hits both alike, and the median of the paired ratios resolves changes of a few percent, which the end-to-end bench
// (`npm run bench`) cannot. Wall time of the event loop per call, median of the rounds after a warm-up.
//
//   npm run bench:listener -w @rtc-openapi/server -- [revision, default HEAD]   (BENCH_ROUNDS=30)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median, quartiles } from './median.js';

const ROUNDS = Math.max(6, Number(process.env.BENCH_ROUNDS ?? 30));
const WARM_UP_ROUNDS = 4;
const CALLS_PER_ROUND = 5_000;

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(serverDir, '../..');
// Bundles live under node_modules, so that their external imports (pino, better-sqlite3) resolve as the server's do.
const outDir = join(serverDir, 'node_modules', '.cache', 'bench-listener');

/** Builds a runner: the same module for both trees, bundled with that tree's server, signer and catalog. */
const RUNNER_SOURCE = `
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { signRequest } from '@rtc-openapi/signer';
import { createApp } from './src/app.ts';
import { createLoggers } from './src/observability/logger.ts';

const SIGNED_AT = Date.parse('2024-05-20T08:30:00Z');
const noop = () => {};

export async function makeRunner() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-bench-listener-'));
  const { logger, requestLog } = createLoggers({ destination: pino.destination({ dest: '/dev/null', sync: false }) });
  const app = createApp({
    dataDir,
    clock: () => SIGNED_AT,
    logger,
    requestLog,
    rateLimitScale: 1e6,
    bodyLimitBytes: 1 << 20,
  });
  const dev = await app.seedDev();
  const signed = signRequest(
    { method: 'GET', query: { Action: 'GetRoomOnlineUsers', Version: '2023-11-01', AppId: dev.appId, RoomId: 'bench-room' } },
    { accessKeyId: dev.accessKeyId, secretAccessKey: dev.secretAccessKey },
    { region: 'cn-north-1', service: 'rtc', date: new Date(SIGNED_AT) },
  );
  // What node:http hands the listener: lower-case header names, and for every request a fresh object with fresh
  // strings decoded from the bytes received (a string seen before would carry its hash and other cached facts).
  const rawUrl = Buffer.from('/?' + signed.queryString, 'latin1');
  const rawHeaders = Object.entries({ host: '127.0.0.1:8080', 'user-agent': 'bench', connection: 'keep-alive' })
    .concat(Object.entries(signed.headers))
    .map(([name, value]) => [name.toLowerCase(), Buffer.from(value, 'latin1')]);
  let status = 0;
  const call = () => {
    const headers = {};
    for (const [name, value] of rawHeaders) headers[name] = value.toString('latin1');
    const req = { url: rawUrl.toString('latin1'), method: 'GET', headers, resume: noop, on: noop, once: noop };
    const res = { headersSent: false, destroyed: false, setHeader: noop, writeHead: (code) => (status = code), end: noop };
    app.listener(req, res);
  };
  const run = async (calls) => {
    const started = performance.now();
    for (let i = 1; i <= calls; i++) {
      call();
      // Answers are written in the check phase; a turn under load holds a few requests.
      if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (status !== 200) throw new Error('the call was answered with HTTP ' + status);
    return ((performance.now() - started) * 1000) / calls;
  };
  const close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { run, close };
}
`;

interface Runner {
  run(calls: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Bundles the runner against the sources under `tree` (a checkout of the repository), into a directory of its own.
 * A tree whose audit worker has an entry file of its own (`src/admin/audit-worker.ts`) gets it bundled beside the
 * runner as `audit-worker.js`, where the server looks for it when it runs from a build, as in `dist/`.
 */
async function bundle(tree: string, name: string): Promise<string> {
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  // Under node_modules no package.json of ours applies: say that .js files here are ES modules.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // The workspace packages come from the same tree; npm dependencies from the installed node_modules.
    alias: {
      '@rtc-openapi/signer': join(tree, 'packages/signer/src/index.ts'),
      '@rtc-openapi/api': join(tree, 'packages/api/src/index.ts'),
    },
    external: npmDependencies(),
  } as const;
  const outfile = join(dir, 'runner.js');
  await build({
    ...common,
    stdin: {
      contents: RUNNER_SOURCE,
      resolveDir: join(tree, 'packages/server'),
      sourcefile: 'runner.ts',
      loader: 'ts',
    },
    outfile,
  });
  const worker = join(tree, 'packages/server/src/admin/audit-worker.ts');
  if (existsSync(worker)) await build({ ...common, entryPoints: [worker], outfile: join(dir, 'audit-worker.js') });
  return outfile;
}

/** The npm packages the server, the signer and the catalog depend on (not each other). */
function npmDependencies(): string[] {
  const names = new Set<string>();
  for (const pkg of ['server', 'signer', 'api']) {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) if (!name.startsWith('@rtc-openapi/')) names.add(name);
  }
  return [...names];
}

async function main(): Promise<void> {
  const revision = process.argv[2] ?? 'HEAD';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--short', `${revision}^{commit}`);
  const dirty = git('status', '--porcelain', '--', 'packages') !== '';
  const baseTree = mkdtempSync(join(tmpdir(), 'rtc-bench-tree-'));
  mkdirSync(outDir, { recursive: true });
  try {
    // The revision's packages, as committed: no worktree, nothing written to the repository.
    execFileSync('sh', ['-c', `git archive --format=tar ${commit} packages | tar -x -C "${baseTree}"`], {
      cwd: repoRoot,
    });
    const [baseFile, workFile] = await Promise.all([bundle(baseTree, `base-${commit}`), bundle(repoRoot, 'working')]);
    const base = (await (await import(pathToFileURL(baseFile).href)).makeRunner()) as Runner;
    const work = (await (await import(pathToFileURL(workFile).href)).makeRunner()) as Runner;
    const baseTimes: number[] = [];
    const workTimes: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // The order alternates, so that neither side always runs right after the other's garbage.
      let baseTime: number;
      let workTime: number;
      if (round % 2 === 0) {
        baseTime = await base.run(CALLS_PER_ROUND);
        workTime = await work.run(CALLS_PER_ROUND);
      } else {
        workTime = await work.run(CALLS_PER_ROUND);
        baseTime = await base.run(CALLS_PER_ROUND);
      }
      if (round < WARM_UP_ROUNDS) continue;
      baseTimes.push(baseTime);
      workTimes.push(workTime);
      ratios.push(workTime / baseTime);
    }
    await base.close();
    await work.close();
    const [low, high] = quartiles(ratios);
    const label = `working tree${dirty ? ' (with uncommitted changes)' : ''}`;
    console.log(
      `request listener, GetRoomOnlineUsers, no sockets: time per call, median of ${ROUNDS - WARM_UP_ROUNDS} ` +
        `paired rounds of ${CALLS_PER_ROUND} calls`,
    );
    console.log(`  ${`revision ${commit}`.padEnd(46)} ${median(baseTimes).toFixed(2).padStart(6)} µs`);
    console.log(`  ${label.padEnd(46)} ${median(workTimes).toFixed(2).padStart(6)} µs`);
    console.log(
      `  working tree / revision: ${(median(ratios) * 100).toFixed(1)}% ` +
        `(paired rounds' middle half ${(low * 100).toFixed(1)}-${(high * 100).toFixed(1)}%)`,
    );
  } finally {
    rmSync(baseTree, { recursive: true, force: true });
  }
}

await main();
// The audit worker and the log destination keep no handle that matters once both runners are closed.
process.exit(0);
