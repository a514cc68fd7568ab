// `rtc-openapi admin kept-upload list|retry` on a data directory holding a recording storage refused (its task failed,
// its rendered file and manifest kept under tasks/unstored/): the retry stores it in the data directory's storage and
// ends the task after all; an unknown id and half-given storage options are refused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openServices } from '@rtc-openapi/server';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

function admin(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('RTC_')) delete env[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', BIN, 'admin', 'kept-upload', ...args, '--data', dataDir],
      { cwd: ROOT, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('kept uploads are listed and retried from the command line', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-openapi-kept-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const key = { appId: 'a'.repeat(24), roomId: 'room-1', taskId: 'rec-1' };
  const startTime = 1_700_000_000_000;
  const file = { ObjectKey: 'rec/rec-1.mp4', Duration: 1000, Size: 5, StartTime: startTime, StreamList: [] };
  const services = openServices({ dataDir });
  try {
    services.tasks.put(
      {
        kind: 'record',
        ...key,
        businessId: '',
        apiVersion: '2023-11-01',
        phase: 'failed',
        startTime,
        endTime: startTime + 1000,
        stopReason: 'StopByAPI',
        spec: {},
        timeline: [],
        aliveAt: startTime + 1000,
        files: [],
        error: 'storing rec/rec-1.mp4 in bucket cli-bucket failed',
      },
      startTime,
    );
  } finally {
    services.close();
  }
  const id = randomUUID();
  const keptDir = join(dataDir, 'tasks', 'unstored', id);
  mkdirSync(keptDir, { recursive: true });
  writeFileSync(join(keptDir, 'rendered-0.mp4'), 'media');
  writeFileSync(
    join(keptDir, 'manifest.json'),
    JSON.stringify({
      kind: 'record',
      ...key,
      startTime,
      files: [file],
      objects: [{ location: { bucket: 'cli-bucket', key: 'rec/rec-1.mp4' }, file: 'rendered-0.mp4' }],
      error: 'the bucket was gone',
      keptAt: startTime + 2000,
    }),
  );

  const listed = await admin(dataDir, 'list', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  const { uploads } = JSON.parse(listed.stdout) as { uploads: { id: string; taskId: string; left: number }[] };
  assert.deepEqual(
    uploads.map((u) => [u.id, u.taskId, u.left]),
    [[id, 'rec-1', 1]],
  );

  const unknown = await admin(dataDir, 'retry', randomUUID());
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no kept upload/);
  const halfStorage = await admin(dataDir, 'retry', id, '--storage-endpoint', 'http://127.0.0.1:9');
  assert.equal(halfStorage.code, 1);
  assert.match(halfStorage.stderr, /--storage-access-key/);

  const retried = await admin(dataDir, 'retry', id, '--json');
  assert.equal(retried.code, 0, retried.stderr);
  const outcome = JSON.parse(retried.stdout) as { stored: boolean; taskEnded: boolean };
  assert.deepEqual([outcome.stored, outcome.taskEnded], [true, true]);
  assert.equal(readFileSync(join(dataDir, 'storage', 'cli-bucket', 'rec', 'rec-1.mp4'), 'utf8'), 'media');
  assert.deepEqual(JSON.parse((await admin(dataDir, 'list', '--json')).stdout), { uploads: [] });
  const after = openServices({ dataDir });
  try {
    const row = after.tasks.get('record', key);
    assert.deepEqual([row?.phase, row?.files], ['ended', [file]]);
  } finally {
    after.close();
  }
});
