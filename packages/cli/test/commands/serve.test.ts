import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

describe('rtc-openapi serve', () => {
  it('starts with --dev, prints the dev credentials on stderr only, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtc-serve-'));
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', bin, 'serve', '--dev', '--port', '0', '--data', dataDir],
      {
        env: { ...process.env, RTC_DEV_SECRET_ACCESS_KEY: 'serve-test-secret-0123456789' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match && stderr.includes('--endpoint')) resolve(match[1]!);
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      const health = await fetch(`${url}/healthz`);
      assert.equal(await health.text(), 'ok\n');
      assert.match(stderr, /SecretAccessKey\s+serve-test-secret-0123456789/);
      assert.match(stderr, /AppId\s+[0-9a-f]{24}/);
      assert.match(stderr, new RegExp(`call ListApps --endpoint ${url}`));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(stdout, /"msg":"stopped"/);
      assert.ok(!stdout.includes('serve-test-secret-0123456789'), 'the secret reached the log');
    } finally {
      child.kill('SIGKILL');
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
});
