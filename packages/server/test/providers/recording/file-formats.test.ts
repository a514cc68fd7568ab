// FileFormatConfig: one file per format, each stored under its own key and read back by ffprobe with the codecs
// its container carries; HLS as a playlist with its segments beside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { ffprobe, publish, settledTask, sleep, startRecordingWorld, type RecordingWorld } from './recording-harness.js';

interface RecordFile {
  ObjectKey: string;
  Duration: number;
  Size: number;
  AudioCodec?: string;
  VideoCodec?: string;
}

/** Decodes a file with ffmpeg (failing the test if it cannot) and answers the duration it reports. */
function decodedSeconds(path: string): number {
  const run = spawnSync(findMediaBinaries().ffmpeg, ['-hide_banner', '-nostats', '-i', path, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const [, h, m, s] = /Duration: (\d+):(\d+):([\d.]+)/.exec(run.stderr) ?? [];
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

describe('one file per FileFormat', () => {
  let world: RecordingWorld;
  before(async () => {
    world = await startRecordingWorld();
  });
  after(() => world.close());

  it('writes MP4, HLS, FLV, MP3, AAC and M4A of one recording', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'format-room', TaskId: 'formats-1' };
    const member = await world.member(task.RoomId, 'dana');
    await publish(member, { audio: true, video: true });
    const formats = ['MP4', 'HLS', 'FLV', 'MP3', 'AAC', 'M4A'];
    await world.client.call('StartRecord', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'format-bucket' } },
      FileFormatConfig: { FileFormat: formats },
      FileNameConfig: { Prefix: ['formats'] },
    });
    await sleep(2500);
    await world.client.call('StopRecord', task);
    const ended = await settledTask(world.sdk, task);
    assert.equal(ended.Status, 3, JSON.stringify(await world.receiver.next('RecordStopped', task.TaskId)));
    const taskMs = (ended.EndTime as number) - (ended.StartTime as number);
    const files = ended.RecordFileList as RecordFile[];
    assert.deepEqual(
      files.map((f) => f.ObjectKey.split('.').pop()),
      ['mp4', 'm3u8', 'flv', 'mp3', 'aac', 'm4a'],
    );
    const expected: Record<string, [string | undefined, string | undefined]> = {
      mp4: ['h264', 'aac'],
      m3u8: ['h264', 'aac'],
      flv: ['h264', 'aac'],
      mp3: [undefined, 'mp3'],
      aac: [undefined, 'aac'],
      m4a: [undefined, 'aac'],
    };
    for (const file of files) {
      const extension = file.ObjectKey.split('.').pop()!;
      assert.match(file.ObjectKey, /^formats\/formats-1_format-room_\d{13}_\d{6}_[0-9a-f]{8}\.\w+$/);
      const path = world.objectPath('format-bucket', file.ObjectKey);
      assert.ok(existsSync(path), path);
      assert.deepEqual([file.VideoCodec, file.AudioCodec], expected[extension], extension);
      // The packaged ffprobe crashes on MPEG-TS: an HLS file is measured by decoding it whole with ffmpeg.
      const seconds = extension === 'm3u8' ? decodedSeconds(path) : Number((await ffprobe(path)).format.duration);
      // ADTS and MP3 durations are estimated from the bitrate by ffprobe: 10% for those.
      const tolerance = extension === 'aac' || extension === 'mp3' ? 0.1 : 0.05;
      assert.ok(Math.abs(seconds * 1000 - taskMs) <= taskMs * tolerance, `${extension}: ${seconds} s of ${taskMs} ms`);
    }
    const playlist = world.objectPath('format-bucket', files[1]!.ObjectKey);
    const segments = readFileSync(playlist, 'utf8')
      .split('\n')
      .filter((line) => line.endsWith('.ts'));
    assert.ok(segments.length >= 1);
    for (const segment of segments) assert.ok(readdirSync(dirname(playlist)).includes(segment), segment);
  });
});
