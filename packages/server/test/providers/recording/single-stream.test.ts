// Single-stream recording into VOD (a file per stream, each from its first publish to its last unpublish), and the
// 2020-12-01 version's Vod storage, RecordFileNamePattern and audio-only MediaType.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ffprobe, publish, settledTask, sleep, startRecordingWorld, type RecordingWorld } from './recording-harness.js';

interface VodFile {
  Vid: string;
  ObjectKey?: string;
  Duration: number;
  StartTime: number;
  StreamList: { UserId: string; Index: number; StreamType: number }[];
  VideoCodec?: string;
  VideoWidth?: number;
}

describe('single-stream and VOD recordings', () => {
  let world: RecordingWorld;
  before(async () => {
    world = await startRecordingWorld();
  });
  after(() => world.close());

  /** The one file of this VOD space whose name matches, by its Vid's folder. */
  const vodPath = (space: string, file: VodFile, name: RegExp) => {
    const dir = world.objectPath('vod', `${space}/${file.Vid}`);
    const [found] = readdirSync(dir).filter((n) => name.test(n));
    assert.ok(found, `no file like ${name} in ${dir}`);
    return `${dir}/${found}`;
  };

  it('makes a file per stream, each as long as that stream was published', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'single-room', TaskId: 'single-1' };
    const alice = await world.member(task.RoomId, 'alice');
    const bob = await world.member(task.RoomId, 'bob');
    await publish(alice, { audio: true, video: true });
    await world.client.call('StartRecord', {
      ...task,
      RecordMode: 1,
      StorageConfig: { Type: 1, VodConfig: { AccountId: '2100000001', Space: 'my-space' } },
    });
    await sleep(600);
    await publish(bob, { video: true }, 'screen');
    const bobFrom = Date.now();
    await sleep(1200);
    await publish(bob, {}, 'screen');
    const bobTo = Date.now();
    await sleep(400);
    await world.client.call('StopRecord', task);
    const ended = await settledTask(world.sdk, task);
    const files = ended.RecordFileList as VodFile[];
    assert.deepEqual(
      files.map((f) => f.StreamList),
      [[{ UserId: 'alice', Index: 0, StreamType: 0 }], [{ UserId: 'bob', Index: 1, StreamType: 1 }]],
    );
    const [aliceFile, bobFile] = files as [VodFile, VodFile];
    for (const f of files) {
      assert.match(f.Vid, /^v0[a-z0-9]{30}$/);
      assert.equal(f.ObjectKey, undefined);
    }
    const alicePath = vodPath('my-space', aliceFile, /^single-1_single-room_alice_C_\d{13}_\d{6}_\d{8}\.mp4$/);
    const bobPath = vodPath('my-space', bobFile, /^single-1_single-room_bob_S_\d{13}_\d{6}_\d{8}\.mp4$/);
    const taskMs = (ended.EndTime as number) - (ended.StartTime as number);
    const aliceSeconds = Number((await ffprobe(alicePath)).format.duration);
    assert.ok(Math.abs(aliceSeconds * 1000 - taskMs) <= taskMs * 0.05, `alice ${aliceSeconds} s of ${taskMs} ms`);
    const bobSeconds = Number((await ffprobe(bobPath)).format.duration);
    const bobMs = bobTo - bobFrom;
    assert.ok(Math.abs(bobSeconds * 1000 - bobMs) <= 150, `bob ${bobSeconds} s, published ${bobMs} ms`);
    assert.ok(Math.abs(bobFile.StartTime - bobFrom) <= 150, 'the file starts when bob published');
  });

  it('records audio only into the default VOD space with the 2020-12-01 pattern', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'old-room', TaskId: 'old-1' };
    const carol = await world.member(task.RoomId, 'carol');
    await publish(carol, { audio: true, video: true });
    const answer = await world.client.call(
      'StartRecord',
      { ...task, Vod: {}, RecordFileNamePattern: '{RoomId}-{TaskId}', Control: { MediaType: 1 } },
      { version: '2020-12-01' },
    );
    assert.equal(answer, 'ok');
    await sleep(1000);
    await world.client.call('StopRecord', task, { version: '2020-12-01' });
    const ended = await settledTask(world.sdk, task);
    const [file] = ended.RecordFileList as [VodFile];
    assert.equal(file.VideoCodec, undefined);
    assert.equal(file.VideoWidth, undefined);
    const path = vodPath('default', file, /^old-room-old-1_[0-9a-f]{8}\.mp4$/);
    assert.ok(existsSync(path));
    const probe = await ffprobe(path);
    assert.deepEqual(
      probe.streams.map((s) => s.codec_type),
      ['audio'],
    );
  });
});
