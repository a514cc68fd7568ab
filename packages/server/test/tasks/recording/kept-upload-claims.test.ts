// Claims on kept uploads: a process killed mid-retry leaves its claim behind (made by a real child process, so the
// test holds whatever the claim is on disk); then several retries at the same moment find that dead claim, and at
// most one of them uploads, round after round; a lone retry afterwards stores what they left.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { ObjectStore } from '../../../src/storage/object-store.js';
import { KeptUploadError, RecordUploads } from '../../../src/tasks/recording/record-uploads.js';
import type { TaskRow } from '../../../src/tasks/task-model.js';

const fixture = fileURLToPath(new URL('./hold-kept-upload.fixture.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROUNDS = 40;
const AT_ONCE = 8;

describe('claims on kept uploads', () => {
  const root = mkdtempSync(join(tmpdir(), 'rtc-claims-'));
  const keptDir = join(root, 'unstored');
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A kept upload made as the server makes one: storage refused its one object. */
  async function keptUpload(): Promise<string> {
    const work = join(root, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'a.mp4'), randomBytes(1000));
    const refusing = new RecordUploads({
      keptDir,
      now: Date.now,
      storage: {
        put: () => Promise.reject(new Error('storage is down')),
        checkBucket: async () => {},
      },
    });
    const row = { kind: 'record', appId: 'app', roomId: 'room', taskId: 'task', startTime: 1 } as TaskRow;
    const file = { ObjectKey: 'rec/a.mp4', Duration: 1000, Size: 1000, StartTime: 1, StreamList: [] };
    const made = [{ file, objects: [{ location: { bucket: 'kept', key: 'rec/a.mp4' }, file: 'a.mp4' }] }];
    await assert.rejects(refusing.store(row, work, made, new AbortController().signal), /kept for a retry/);
    const [id] = readdirSync(keptDir);
    return id!;
  }

  /** A process claims the kept upload, starts uploading, and is killed. */
  async function crashMidRetry(id: string): Promise<void> {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, keptDir, id], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    assert.equal(line, 'holding');
    child.kill('SIGKILL');
    await exited;
  }

  it('lets at most one of several retries finding a dead claim at once upload, and a later one store it', async () => {
    const id = await keptUpload();
    await crashMidRetry(id);
    const template = join(root, 'crashed');
    cpSync(join(keptDir, id), template, { recursive: true });
    rmSync(join(keptDir, id), { recursive: true });

    let inFlight = 0;
    let most = 0;
    let uploads = 0;
    const storage: Pick<ObjectStore, 'put' | 'checkBucket'> = {
      async put(_location, source) {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(30);
        await rm(source, { force: true });
        uploads++;
        inFlight--;
        return { size: 1000 };
      },
      checkBucket: async () => {},
    };
    const retrier = () => new RecordUploads({ keptDir, now: Date.now, storage });
    let stored = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const copy = randomUUID();
      cpSync(template, join(keptDir, copy), { recursive: true });
      const [listed] = await retrier().list();
      assert.deepEqual([listed!.id, listed!.retrying], [copy, false], 'a dead process’s claim counts for nothing');

      const outcomes = await Promise.all(
        Array.from({ length: AT_ONCE }, () =>
          retrier()
            .retry(copy, () => stored++)
            .then(
              (attempt) => (attempt.stored ? 'stored' : 'refused'),
              (error: unknown) => (error instanceof KeptUploadError ? error.reason : String(error)),
            ),
        ),
      );
      assert.ok(most <= 1, `round ${round}: one upload at a time (${outcomes.join(', ')})`);
      const winners = outcomes.filter((o) => o === 'stored').length;
      assert.ok(winners <= 1, outcomes.join(', '));
      for (const o of outcomes) assert.ok(['stored', 'busy', 'not-found'].includes(o), o);
      // All may have given up at once: a lone retry then stores it.
      if (winners === 0) assert.equal((await retrier().retry(copy, () => stored++)).stored, true);
      assert.deepEqual(readdirSync(keptDir), [], `round ${round}: stored and removed`);
    }
    assert.equal(most, 1);
    assert.equal(stored, ROUNDS);
    assert.equal(uploads, ROUNDS);
  });
});
