import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { REDIS_URL, redisUnavailable } from '../../../server/test/support/redis.js';

const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

interface Serving {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `rtc-openapi serve --dev --port 0 <args>` and resolves once it printed its URL and dev banner. */
async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<Serving> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', bin, 'serve', '--dev', '--port', '0', ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match && stderr.includes('--endpoint')) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr, exited };
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The indented lines after `heading` in the dev banner, up to the next blank line. */
function hintBlock(banner: string, heading: string): string[] {
  const lines = banner.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `the banner has "${heading}"`);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    block.push(line.trim());
  }
  return block;
}

/** Runs a command at the repository root, as a developer would in a second terminal. */
async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

/** `rtc-openapi serve --port 0 <args>` with `env` added, expected to refuse to start: its exit code and stderr. */
const refusedServe = (args: string[], env: NodeJS.ProcessEnv) =>
  run(process.execPath, ['--conditions=source', '--import', 'tsx', bin, 'serve', '--port', '0', ...args], {
    ...process.env,
    ...env,
  });

describe('rtc-openapi serve', () => {
  it('starts with --dev, prints the dev credentials on stderr only, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtc-serve-'));
    let serving: Serving | undefined;
    try {
      serving = await startServe(['--data', dataDir], {
        ...process.env,
        RTC_DEV_SECRET_ACCESS_KEY: 'serve-test-secret-0123456789',
      });
      const { child, url, exited } = serving;
      const stderr = serving.stderr();
      const health = await fetch(`${url}/healthz`);
      assert.equal(await health.text(), 'ok\n');
      assert.match(stderr, /SecretAccessKey\s+serve-test-secret-0123456789/);
      assert.match(stderr, /AppId\s+[0-9a-f]{24}/);
      assert.match(stderr, new RegExp(`call ListApps --endpoint ${url}`));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(serving.stdout(), /"msg":"stopped"/);
      assert.ok(!serving.stdout().includes('serve-test-secret-0123456789'), 'the secret reached the log');
    } finally {
      serving?.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints hints that work verbatim in another terminal at the repository root', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtc-serve-hints-'));
    let serving: Serving | undefined;
    try {
      serving = await startServe(['--data', dataDir], process.env);
      const banner = serving.stderr();
      const shell = hintBlock(banner, 'Try it:');
      const node = hintBlock(banner, 'or from Node with the official SDK:');
      assert.ok(
        shell.some((line) => line.startsWith('npx rtc-openapi ')),
        banner,
      );
      // npm links a bin only if its file exists at install time, before any build: so it must not live in dist/.
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as {
        bin: Record<string, string>;
      };
      const launcher = manifest.bin['rtc-openapi']!;
      assert.doesNotMatch(launcher, /dist\//);
      assert.ok(existsSync(join(repoRoot, 'packages/cli', launcher)), launcher);
      // A terminal of its own: none of this process's VOLC_* credentials, the repository root as working directory.
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VOLC_')));
      const fromShell = await run('bash', ['-e', '-c', shell.join('\n')], env);
      assert.equal(fromShell.code, 0, fromShell.stderr);
      const listed = JSON.parse(fromShell.stdout) as { AppList: { AppId: string }[] };
      const appId = /AppId\s+([0-9a-f]{24})/.exec(banner)![1]!;
      assert.deepEqual(
        listed.AppList.map((a) => a.AppId),
        [appId],
      );
      const fromNode = await run(process.execPath, ['-e', node.join('\n')], env);
      assert.equal(fromNode.code, 0, fromNode.stderr);
      assert.match(fromNode.stdout, /Action: 'ListApps'/);
      assert.match(fromNode.stdout, /Total: 1/);
      assert.doesNotMatch(fromNode.stdout, /Error/);
    } finally {
      serving?.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses --tls-cert without --tls-key', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', bin, 'serve', '--tls-cert', 'x.pem'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(stderr, /--tls-cert and --tls-key go together/);
  });

  it('refuses a --redis-url that is not a redis:// URL', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', bin, 'serve', '--redis-url', 'localhost:6379', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /--redis-url \(RTC_REDIS_URL\) must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('refuses a --time-scale that is not a positive number, naming it', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', bin, 'serve', '--time-scale', '0', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /RTC_TIME_SCALE \(--time-scale\) must be a positive number, got "0"/);
  });

  it('refuses a --fetch-allow entry it cannot read, from the flag or RTC_FETCH_ALLOW, naming it', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--fetch-allow', 'loopback,10.0.0.0/33'], {}, /--fetch-allow \(RTC_FETCH_ALLOW\): 10\.0\.0\.0\/33 is not/],
      [[], { RTC_FETCH_ALLOW: 'private,bad host' }, /--fetch-allow \(RTC_FETCH_ALLOW\): cannot read "bad host"/],
    ];
    for (const [args, env, message] of cases) {
      const { code, stderr } = await refusedServe(args, env);
      assert.equal(code, 1, stderr);
      assert.match(stderr, message);
    }
  });

  it('refuses --storage-endpoint without its keys, naming them, and never echoes the secret', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [
        ['--storage-endpoint', 'http://127.0.0.1:9000', '--storage-access-key', 'k'],
        {},
        /needs --storage-secret-key \(RTC_STORAGE_SECRET_KEY\)/,
      ],
      [['--storage-access-key', 'k'], { RTC_STORAGE_SECRET_KEY: 'serve-storage-secret' }, /need --storage-endpoint/],
    ];
    for (const [args, env, message] of cases) {
      const { code, stderr } = await refusedServe(args, env);
      assert.equal(code, 1, stderr);
      assert.match(stderr, message);
      assert.ok(!stderr.includes('serve-storage-secret'));
    }
  });

  it('with --redis-url, keeps the rate budgets in that Redis', async (t) => {
    const unavailable = await redisUnavailable();
    if (unavailable) {
      t.skip(unavailable);
      return;
    }
    const redis = new Redis(REDIS_URL);
    const dataDir = mkdtempSync(join(tmpdir(), 'rtc-serve-redis-'));
    const accessKeyId = `AKLT${'R'.repeat(40)}`;
    const env = {
      ...process.env,
      RTC_DEV_ACCESS_KEY_ID: accessKeyId,
      RTC_DEV_SECRET_ACCESS_KEY: 'redis-test-secret-0123',
    };
    let serving: Serving | undefined;
    try {
      serving = await startServe(['--data', dataDir, '--redis-url', REDIS_URL], env);
      const { url, child, exited } = serving;
      // The dev account is 2100000001; its ListApps budget lives under the limiter's prefix.
      const budgetKey = 'rtc:rate:2100000001:ListApps';
      await redis.del(budgetKey);
      const call = spawn(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', bin, 'call', 'ListApps', '--endpoint', url],
        {
          env: { ...process.env, VOLC_ACCESSKEY: accessKeyId, VOLC_SECRETKEY: 'redis-test-secret-0123' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      call.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      assert.equal(await new Promise((resolve) => call.once('exit', resolve)), 0, out);
      assert.ok(Number(await redis.get(budgetKey)) > 0, 'the budget was drawn in Redis');
      assert.ok((await redis.pttl(budgetKey)) > 0, 'and expires by itself');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      serving?.child.kill('SIGKILL');
      redis.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
