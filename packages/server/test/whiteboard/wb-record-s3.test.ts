// Whiteboard recording into an S3-compatible server (s3rver, started here): the recording is uploaded through the
// S3 client into the `whiteboard` bucket and plays (ffprobe of the object read back); without that bucket the start
// fails (StartTaskFailed) saying which bucket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { S3_ACCESS_KEY, startS3Server, type S3TestServer } from '../storage/s3-test-server.js';
import {
  ADMIN_TOKEN,
  ffprobe,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from '../providers/recording/recording-harness.js';

interface AdminTask {
  kind: string;
  taskId: string;
  status: number;
  stopReason: string;
  error?: string;
  files: { ObjectKey: string; Size: number }[];
}

describe('whiteboard recording into an S3-compatible server', () => {
  let s3: S3TestServer;
  let world: RecordingWorld;
  before(async () => {
    s3 = await startS3Server(['whiteboard']);
    world = await startRecordingWorld({
      taskStorage: { s3: { endpoint: s3.endpoint, accessKeyId: S3_ACCESS_KEY, secretAccessKey: 'any-secret' } },
    });
  });
  after(async () => {
    await world?.close();
    await s3?.close();
  });

  /** The task once `done` holds for it in the admin task list. */
  const until = async (taskId: string, done: (t: AdminTask) => boolean): Promise<AdminTask> => {
    for (let i = 0; i < 600; i++) {
      const response = await fetch(`${world.running.url}/admin/tasks?appId=${world.dev.appId}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const { tasks } = (await response.json()) as { tasks: AdminTask[] };
      const task = tasks.find((t) => t.kind === 'wb-record' && t.taskId === taskId);
      if (task && done(task)) return task;
      await sleep(100);
    }
    assert.fail(`${taskId} did not get there`);
  };
  const settled = (taskId: string) => until(taskId, (t) => t.status === 3 || t.status === 4);

  it('uploads the recording as an object that plays', async () => {
    const task = { AppId: world.dev.appId, RoomId: 's3-room', TaskId: 'wb-s3', UserId: 'rec' };
    assert.equal(await world.client.call('StartWBRecord', task), 'ok');
    await until('wb-s3', (t) => t.status === 2);
    await sleep(1200);
    assert.equal(await world.client.call('StopWBRecord', task), 'ok');
    const ended = await settled('wb-s3');
    assert.equal(ended.status, 3, JSON.stringify(ended));
    const [file] = ended.files;
    assert.ok(file!.ObjectKey.startsWith(`record/${world.dev.appId}/s3-room/wb-s3_`), file!.ObjectKey);
    assert.deepEqual(await s3.keys('whiteboard'), [file!.ObjectKey]);
    const probe = await ffprobe(await s3.download('whiteboard', file!.ObjectKey));
    assert.equal(probe.streams.find((s) => s.codec_type === 'video')?.codec_name, 'h264');
    assert.ok(Number(probe.format.duration) > 1);
    assert.equal((await s3.get('whiteboard', file!.ObjectKey)).length, file!.Size);
  });

  it('fails the start when the bucket is gone, naming it', async () => {
    for (const Key of await s3.keys('whiteboard')) {
      await s3.client.send(new DeleteObjectCommand({ Bucket: 'whiteboard', Key }));
    }
    await s3.deleteBucket('whiteboard');
    const task = { AppId: world.dev.appId, RoomId: 's3-room', TaskId: 'wb-s3-gone', UserId: 'rec' };
    assert.equal(await world.client.call('StartWBRecord', task), 'ok');
    const failed = await settled('wb-s3-gone');
    assert.deepEqual([failed.status, failed.stopReason], [4, 'StartTaskFailed']);
    assert.match(failed.error ?? '', /the storage bucket whiteboard cannot be written/);
  });
});
