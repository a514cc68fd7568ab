// Recordings storage refused, kept in the data directory: the admin API lists them and retries one now (refused
// again, held by another process's retry, unknown), and a retry that stores everything ends the task after all; the
// admin CLI's way (openKeptUploads on the same data directory, its own database connection) does the same while the
// server runs, whose delivery sends the RecordStopped it wrote.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AdminOperations } from '../../../src/admin/admin-operations.js';
import { openKeptUploads } from '../../../src/admin/kept-uploads.js';
import { openServices } from '../../../src/store/open-services.js';
import {
  ADMIN_TOKEN,
  ffprobe,
  publish,
  settledTask,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from './recording-harness.js';

interface KeptView {
  id: string;
  taskId: string;
  left: number;
  next: { bucket: string; key: string };
  error: string;
  retrying: boolean;
  stored?: boolean;
  taskEnded?: boolean;
}

async function admin(world: RecordingWorld, method: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${world.running.url}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

describe('kept uploads, through the admin API and the admin CLI', () => {
  let world: RecordingWorld;
  const bucket = 'kept-bucket';
  const bucketDir = () => join(world.running.dataDir, 'storage', bucket);
  /** Storage refuses: where the bucket's folder was, a file. */
  const breakStorage = () => {
    rmSync(bucketDir(), { recursive: true, force: true });
    writeFileSync(bucketDir(), 'not a folder');
  };
  const mendStorage = () => {
    if (existsSync(bucketDir()) && !statSync(bucketDir()).isDirectory()) rmSync(bucketDir());
    mkdirSync(bucketDir(), { recursive: true });
  };

  /** Records one second of the room into the bucket, and fails to store it. */
  async function keptRecording(taskId: string) {
    const task = { AppId: world.dev.appId, RoomId: 'kept-room', TaskId: taskId };
    mendStorage();
    await world.client.call('StartRecord', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: bucket } },
    });
    await world.receiver.next('RecordStarted', taskId);
    await sleep(1000);
    breakStorage();
    await world.client.call('StopRecord', task);
    const failed = await settledTask(world.sdk, task);
    assert.equal(failed.Status, 4, JSON.stringify(failed));
    return task;
  }

  before(async () => {
    world = await startRecordingWorld();
    await publish(await world.member('kept-room', 'alice'), { audio: true, video: true });
  });
  after(() => world.close());

  it('lists a kept upload, retries it now, and ends its task once it is stored', async () => {
    const task = await keptRecording('kept-1');
    const listed = (await admin(world, 'GET', '/kept-uploads')).body as { uploads: KeptView[] };
    assert.equal(listed.uploads.length, 1);
    const [kept] = listed.uploads as [KeptView];
    assert.equal(kept.taskId, task.TaskId);
    assert.equal(kept.left, 1);
    assert.equal(kept.next.bucket, bucket);
    assert.match(kept.error, /EEXIST|ENOTDIR/);
    assert.equal(kept.retrying, false);

    // Refused again: still kept, with the new error.
    const again = await admin(world, 'POST', `/kept-uploads/${kept.id}/retry`);
    assert.equal(again.status, 200);
    assert.deepEqual([(again.body as KeptView).stored, (again.body as KeptView).left], [false, 1]);

    // Another live process holds its retry: 409, and the list says so.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    const lock = join(world.running.dataDir, 'tasks', 'unstored', kept.id, `retry.lock.${randomUUID()}`);
    writeFileSync(lock, String(holder.pid));
    try {
      const busy = await admin(world, 'POST', `/kept-uploads/${kept.id}/retry`);
      assert.equal(busy.status, 409, JSON.stringify(busy.body));
      assert.deepEqual(
        ((await admin(world, 'GET', '/kept-uploads')).body as { uploads: KeptView[] }).uploads[0]!.retrying,
        true,
      );
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // Its holder is gone: the lock is stale and taken over.
    mendStorage();
    const done = await admin(world, 'POST', `/kept-uploads/${kept.id}/retry`);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([(done.body as KeptView).stored, (done.body as KeptView).taskEnded], [true, true]);

    const ended = await settledTask(world.sdk, task);
    assert.equal(ended.Status, 3);
    const [file] = ended.RecordFileList as { ObjectKey: string; Duration: number }[];
    assert.equal(file!.ObjectKey, kept.next.key);
    const probe = await ffprobe(world.objectPath(bucket, file!.ObjectKey));
    assert.ok(Math.abs(Number(probe.format.duration) * 1000 - file!.Duration) <= 50);
    const stopped = world.receiver.received.filter(
      (c) => c.EventType === 'RecordStopped' && c.EventData.TaskId === task.TaskId,
    );
    assert.deepEqual(
      stopped.map((c) => c.EventData.Code),
      [1, 0],
    );
    assert.deepEqual((await admin(world, 'GET', '/kept-uploads')).body, { uploads: [] });
  });

  it('answers 404 for an id that names no kept upload, however it is spelt', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', '..', 'manifest.json']) {
      const answer = await admin(world, 'POST', `/kept-uploads/${encodeURIComponent(id)}/retry`);
      assert.equal(answer.status, 404, id);
    }
  });

  it('is retried by the admin CLI on the same data directory, the server delivering its RecordStopped', async () => {
    const task = await keptRecording('kept-2');
    mendStorage();
    // What `rtc-openapi admin kept-upload list|retry` runs: its own services on the data directory.
    const services = openServices({ dataDir: world.running.dataDir });
    const opened = openKeptUploads(services, { dataDir: world.running.dataDir });
    try {
      const ops = new AdminOperations({ ...services, keptUploads: opened.kept });
      const { uploads } = await ops.listKeptUploads();
      assert.deepEqual(
        uploads.map((u) => u.taskId),
        [task.TaskId],
      );
      const outcome = await ops.retryKeptUpload(uploads[0]!.id);
      assert.deepEqual([outcome.stored, outcome.taskEnded], [true, true]);
    } finally {
      opened.close();
      services.close();
    }
    assert.equal((await settledTask(world.sdk, task)).Status, 3);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const codes = world.receiver.received
        .filter((c) => c.EventType === 'RecordStopped' && c.EventData.TaskId === task.TaskId)
        .map((c) => c.EventData.Code);
      if (codes.length === 2) {
        assert.deepEqual(codes, [1, 0]);
        break;
      }
      assert.ok(Date.now() < deadline, `RecordStopped codes ${JSON.stringify(codes)}`);
      await sleep(100);
    }
  });
});
