// A mixed recording end to end: room members publishing and unpublishing through the presence WebSocket, the
// official SDK's StartRecord / GetRecordTask / StopRecord, the signed RecordStarted and RecordStopped callbacks at a
// real receiver, and ffprobe, blackdetect and silencedetect on the MP4 in the data directory's storage.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  blackAndSilence,
  ffprobe,
  publish,
  settledTask,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from './recording-harness.js';

interface RecordFile {
  ObjectKey: string;
  Duration: number;
  Size: number;
  StartTime: number;
  StreamList: { UserId: string; Index: number; StreamType: number }[];
  AudioCodec: string;
  VideoCodec: string;
  VideoWidth: number;
  VideoHeight: number;
}

describe('mixed recording through the official SDK', () => {
  let world: RecordingWorld;
  before(async () => {
    world = await startRecordingWorld();
  });
  after(() => world.close());

  it('records who publishes what and when into a playable MP4, told by signed callbacks', async () => {
    const { sdk, dev, receiver } = world;
    const task = { AppId: dev.appId, RoomId: 'e2e-room', TaskId: 'mixed-1' };
    const alice = await world.member(task.RoomId, 'alice');
    await publish(alice, { audio: true });

    const started = await sdk.StartRecord({
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'e2e-bucket' } },
      FileNameConfig: { Prefix: ['rec', 'mixed'] },
    });
    assert.equal(started.ResponseMetadata.Error, undefined, JSON.stringify(started));
    assert.equal(started.Result, 'ok');
    assert.deepEqual(await receiver.next('RecordStarted', task.TaskId), {
      AppId: dev.appId,
      BusinessId: '',
      RoomId: task.RoomId,
      TaskId: task.TaskId,
      Code: 0,
      ErrorMessage: '',
    });
    const running = (await sdk.GetRecordTask(task)).Result as { RecordTask: Record<string, unknown> };
    assert.equal(running.RecordTask.Status, 2);
    assert.equal(running.RecordTask.EndTime, 0);
    assert.equal(running.RecordTask.StopReason, '');
    const startTime = running.RecordTask.StartTime as number;

    // alice: audio from the start, video from ~1 s, nothing from ~3 s; bob: video from ~2.2 s.
    await sleep(1000);
    await publish(alice, { audio: true, video: true });
    const aliceVideoAt = Date.now();
    await sleep(1200);
    const bob = await world.member(task.RoomId, 'bob');
    await publish(bob, { video: true });
    await sleep(800);
    await publish(alice, {});
    const aliceGoneAt = Date.now();
    await sleep(800);
    const stopped = await sdk.StopRecord(task);
    assert.equal(stopped.Result, 'ok', JSON.stringify(stopped));

    const ended = await settledTask(sdk, task);
    assert.equal(ended.Status, 3);
    assert.equal(ended.StopReason, 'StopByAPI');
    assert.equal(ended.StartTime, startTime);
    const wallMs = (ended.EndTime as number) - startTime;
    assert.ok(wallMs > 3500 && wallMs < 6000, `ran ${wallMs} ms`);
    const files = ended.RecordFileList as RecordFile[];
    assert.equal(files.length, 1);
    const [file] = files as [RecordFile];
    assert.match(file.ObjectKey, /^rec\/mixed\/mixed-1_e2e-room_\d{13}_\d{6}_[0-9a-f]{8}\.mp4$/);
    assert.equal(file.StartTime, startTime);
    assert.deepEqual(file.StreamList, [
      { UserId: 'alice', Index: 0, StreamType: 0 },
      { UserId: 'bob', Index: 1, StreamType: 0 },
    ]);
    assert.deepEqual([file.VideoCodec, file.AudioCodec, file.VideoWidth, file.VideoHeight], ['h264', 'aac', 640, 480]);

    // The file is really there, and plays for as long as the task ran.
    const path = world.objectPath('e2e-bucket', file.ObjectKey);
    assert.ok(existsSync(path), path);
    assert.equal(statSync(path).size, file.Size);
    const probe = await ffprobe(path);
    const seconds = Number(probe.format.duration);
    assert.ok(Math.abs(seconds * 1000 - wallMs) <= wallMs * 0.05, `file ${seconds} s, task ${wallMs} ms`);
    assert.ok(Math.abs(file.Duration - seconds * 1000) <= 50, `Duration ${file.Duration} vs ${seconds} s`);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    assert.deepEqual([video?.codec_name, video?.width, video?.height], ['h264', 640, 480]);
    assert.equal(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac');

    // Black until alice's video came, silence once alice stopped publishing (the tick is 50 ms).
    const { black, silent } = blackAndSilence(path);
    const near = (a: number, b: number) => Math.abs(a - b) <= 0.3;
    assert.ok(
      black.length === 1 && near(black[0]![0]!, 0) && near(black[0]![1]!, (aliceVideoAt - startTime) / 1000),
      `black ${JSON.stringify(black)}, alice's video at ${(aliceVideoAt - startTime) / 1000}`,
    );
    assert.ok(
      silent.length === 1 && near(silent[0]![0]!, (aliceGoneAt - startTime) / 1000),
      `silent ${JSON.stringify(silent)}, alice gone at ${(aliceGoneAt - startTime) / 1000}`,
    );

    const callback = await receiver.next('RecordStopped', task.TaskId);
    assert.equal(callback.Code, 0);
    assert.equal(callback.StopReason, 'StopByAPI');
    assert.deepEqual(callback.RecordFileList, files);
  });
});
