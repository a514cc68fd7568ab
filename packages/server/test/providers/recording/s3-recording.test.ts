// Recording into an S3-compatible server (s3rver, started here): TOS, third-party and VOD objects uploaded through the
// S3 client, read back and ffprobe-d; a bucket that is gone or a server that is down fails the task with the reason
// in RecordStopped, keeps the rendered files, and a retry (on the timer, or at the next start) stores them and ends
// the task after all. The storage secret is never logged.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { S3_ACCESS_KEY, startS3Server, type S3TestServer } from '../../storage/s3-test-server.js';
import {
  CallbackReceiver,
  ffprobe,
  publish,
  settledTask,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from './recording-harness.js';

// s3rver checks the access key id, not V4 signatures: any secret signs, so this one can be looked for in the logs.
const SECRET = 'storage-secret-never-logged-4242';
const taskStorage = (s3: S3TestServer, more: object = {}) => ({
  s3: { endpoint: s3.endpoint, accessKeyId: S3_ACCESS_KEY, secretAccessKey: SECRET, vodBucket: 'vod-store' },
  ...more,
});

interface RecordFile {
  ObjectKey?: string;
  Vid?: string;
  Duration: number;
  Size: number;
  VideoCodec?: string;
  VideoWidth?: number;
}

const keptDir = (world: RecordingWorld) => join(world.running.dataDir, 'tasks', 'unstored');

/** GetRecordTask until the task has ended with Status 3 (a failed one whose kept files a retry stored). */
async function endedTask(world: RecordingWorld, task: { AppId: string; RoomId: string; TaskId: string }) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const current = await settledTask(world.sdk, task);
    if (current.Status === 3) return current;
    if (Date.now() > deadline) throw new Error(`the task did not end: ${JSON.stringify(current)}`);
    await sleep(100);
  }
}

describe('recording into an S3-compatible server', () => {
  let s3: S3TestServer;
  let world: RecordingWorld;
  before(async () => {
    s3 = await startS3Server(['tos-bucket', 'third-party', 'vod-store', 'doomed']);
    world = await startRecordingWorld({
      logged: true,
      taskStorage: taskStorage(s3, { recordUploadDone: true, uploadRetryMs: 300 }),
      events: ['RecordStarted', 'RecordStopped', 'RecordUploadDone'],
    });
  });
  after(async () => {
    assert.ok(!world.running.logText().includes(SECRET), 'the storage secret is not in the log');
    await world.close();
    await s3.close();
  });

  it('uploads TOS, third-party and VOD recordings as objects that play', async () => {
    const room = 's3-room';
    const alice = await world.member(room, 'alice');
    await publish(alice, { audio: true, video: true });
    const tos = { AppId: world.dev.appId, RoomId: room, TaskId: 's3-tos' };
    const custom = { ...tos, TaskId: 's3-custom' };
    const vod = { ...tos, TaskId: 's3-vod' };
    await world.client.call('StartRecord', {
      ...tos,
      FileFormatConfig: { FileFormat: ['MP4', 'HLS'] },
      FileNameConfig: { Prefix: ['rec', 'day1'] },
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'tos-bucket' } },
    });
    await world.client.call('StartRecord', {
      ...custom,
      StorageConfig: {
        Type: 2,
        CustomConfig: { Vendor: 0, Bucket: 'third-party', AccessKey: 'theirs', SecretKey: 'their-secret' },
      },
    });
    await world.client.call('StartRecord', {
      ...vod,
      RecordMode: 1,
      StorageConfig: { Type: 1, VodConfig: { AccountId: '2100000001', Space: 'space-1' } },
    });
    await sleep(1500);
    for (const task of [tos, custom, vod]) await world.client.call('StopRecord', task);

    const tosTask = await settledTask(world.sdk, tos);
    assert.equal(tosTask.Status, 3, JSON.stringify(tosTask));
    const [mp4, hls] = tosTask.RecordFileList as [RecordFile, RecordFile];
    assert.match(mp4.ObjectKey!, /^rec\/day1\/s3-tos_s3-room_\d{13}_\d{6}_[0-9a-f]{8}\.mp4$/);
    const keys = await s3.keys('tos-bucket');
    assert.ok(keys.includes(mp4.ObjectKey!) && keys.includes(hls.ObjectKey!), keys.join());
    assert.ok(
      keys.some((k) => /^rec\/day1\/.*_00000\.ts$/.test(k)),
      'the HLS segments are stored beside it',
    );
    assert.equal((await s3.get('tos-bucket', mp4.ObjectKey!)).length, mp4.Size);
    const probe = await ffprobe(await s3.download('tos-bucket', mp4.ObjectKey!));
    const taskMs = (tosTask.EndTime as number) - (tosTask.StartTime as number);
    assert.ok(Math.abs(Number(probe.format.duration) * 1000 - taskMs) <= taskMs * 0.05, probe.format.duration);
    assert.deepEqual(
      probe.streams.map((s) => s.codec_name),
      ['h264', 'aac'],
    );

    const customTask = await settledTask(world.sdk, custom);
    const [customFile] = customTask.RecordFileList as [RecordFile];
    assert.deepEqual(await s3.keys('third-party'), [customFile.ObjectKey]);

    const vodTask = await settledTask(world.sdk, vod);
    const [vodFile] = vodTask.RecordFileList as [RecordFile];
    const [vodKey, ...others] = await s3.keys('vod-store');
    assert.equal(others.length, 0);
    assert.match(vodKey!, new RegExp(`^space-1/${vodFile.Vid}/s3-vod_s3-room_alice_C_\\d{13}_\\d{6}_\\d{8}\\.mp4$`));
    assert.equal((await ffprobe(await s3.download('vod-store', vodKey!))).streams[0]!.width, 640);

    // Nothing in the data directory's storage; RecordUploadDone lists what RecordStopped lists.
    assert.equal(existsSync(join(world.running.dataDir, 'storage')), false);
    const done = await world.receiver.next('RecordUploadDone', tos.TaskId);
    assert.deepEqual(done.RecordFileList, tosTask.RecordFileList);
    assert.equal(done.Code, 0);
  });

  it('fails a task whose bucket is gone, keeps its files, and stores them when the bucket is back', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'doomed-room', TaskId: 'doomed-1' };
    const bob = await world.member(task.RoomId, 'bob');
    await publish(bob, { audio: true, video: true });
    await world.client.call('StartRecord', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'doomed' } },
    });
    await world.receiver.next('RecordStarted', task.TaskId);
    await s3.deleteBucket('doomed');
    await sleep(800);
    await world.client.call('StopRecord', task);

    const failed = await settledTask(world.sdk, task);
    assert.equal(failed.Status, 4);
    assert.equal(failed.StopReason, 'StopByAPI');
    assert.deepEqual(failed.RecordFileList, []);
    const stopped = await world.receiver.next('RecordStopped', task.TaskId);
    assert.equal(stopped.Code, 1);
    assert.match(stopped.ErrorMessage as string, /in bucket doomed failed: .*NoSuchBucket.*kept for a retry/);
    assert.ok(!(stopped.ErrorMessage as string).includes(SECRET));
    const [kept] = readdirSync(keptDir(world));
    const manifest = JSON.parse(readFileSync(join(keptDir(world), kept!, 'manifest.json'), 'utf8')) as {
      taskId: string;
      objects: { file: string }[];
    };
    assert.equal(manifest.taskId, task.TaskId);
    assert.ok(existsSync(join(keptDir(world), kept!, manifest.objects[0]!.file)), 'the rendered file is kept');

    // The retry timer (300 ms here) finds the bucket again.
    await s3.createBucket('doomed');
    const ended = await endedTask(world, task);
    assert.equal(ended.Status, 3);
    assert.equal(ended.StopReason, 'StopByAPI');
    const [file] = ended.RecordFileList as [RecordFile];
    assert.deepEqual(await s3.keys('doomed'), [file.ObjectKey]);
    const probe = await ffprobe(await s3.download('doomed', file.ObjectKey!));
    assert.ok(Math.abs(Number(probe.format.duration) * 1000 - file.Duration) <= 50);
    const second = world.receiver.received.filter(
      (c) => c.EventType === 'RecordStopped' && c.EventData.TaskId === task.TaskId,
    );
    assert.equal(second.length, 2);
    assert.equal(second[1]!.EventData.Code, 0);
    assert.deepEqual(second[1]!.EventData.RecordFileList, ended.RecordFileList);
    // The recording server sends RecordUploadDone: so does the retry (the manifest says so).
    const uploadDone = await world.receiver.next('RecordUploadDone', task.TaskId);
    assert.deepEqual(uploadDone.RecordFileList, ended.RecordFileList);
    assert.deepEqual(readdirSync(keptDir(world)), []);
  });

  it('refuses to start on a missing bucket, saying so in RecordStarted', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'no-bucket-room', TaskId: 'no-bucket' };
    await world.client.call('StartRecord', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'never-made' } },
    });
    const started = await world.receiver.next('RecordStarted', task.TaskId);
    assert.equal(started.Code, 1);
    assert.match(started.ErrorMessage as string, /bucket never-made cannot be written/);
    const failed = await settledTask(world.sdk, task);
    assert.equal(failed.Status, 4);
    assert.equal(failed.StopReason, 'StartTaskFailed');
  });
});

describe('a storage server that is down', () => {
  it('fails the task within its deadline, and the next start stores the kept files', async () => {
    const s3 = await startS3Server(['later']);
    const receiver = new CallbackReceiver();
    await receiver.start();
    let world = await startRecordingWorld({ taskStorage: taskStorage(s3), receiver });
    const { dataDir } = world.running;
    await world.client.call('CreateCallback', {
      AppID: world.dev.appId,
      BusinessId: 'recording',
      EventList: ['RecordStarted', 'RecordStopped'],
      SecretKey: 'recording-callback-secret',
      URL: receiver.url,
    });
    const task = { AppId: world.dev.appId, RoomId: 'down-room', TaskId: 'down-1' };
    const carol = await world.member(task.RoomId, 'carol');
    await publish(carol, { audio: true, video: true });
    await world.client.call('StartRecord', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'later' } },
    });
    await receiver.next('RecordStarted', task.TaskId);
    await sleep(1000);
    await s3.close({ keepData: true });
    await world.client.call('StopRecord', task);
    const failed = await settledTask(world.sdk, task);
    assert.equal(failed.Status, 4);
    const stopped = await receiver.next('RecordStopped', task.TaskId);
    assert.match(stopped.ErrorMessage as string, /cannot be reached \(ECONNREFUSED\).*kept for a retry/);
    await world.close({ keepData: true });

    // The storage server is back (on another port); the next start stores the kept files and ends the task.
    const back = await startS3Server([], { directory: s3.directory });
    world = await startRecordingWorld({ taskStorage: taskStorage(back), receiver, dataDir });
    try {
      const ended = await endedTask(world, task);
      assert.equal(ended.Status, 3);
      const [file] = ended.RecordFileList as [RecordFile];
      const probe = await ffprobe(await back.download('later', file.ObjectKey!));
      assert.equal(probe.streams.find((s) => s.codec_type === 'video')?.width, 640);
      assert.deepEqual(readdirSync(keptDir(world)), []);
    } finally {
      await world.close();
      await back.close();
      await receiver.close();
    }
  });
});
