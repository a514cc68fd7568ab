// LayoutMode 2: each stream in the region of its TargetStreams Index (a stream without one is not drawn), and
// UpdateRecord moving the layout from its moment on, checked on the file's pixels.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { publish, settledTask, sleep, startRecordingWorld, type RecordingWorld } from './recording-harness.js';

/** The mean luma (0-255) of a 320x240 area of the frame at `seconds`. */
function meanLuma(path: string, seconds: number, x: number, y: number): number {
  const run = spawnSync(
    findMediaBinaries().ffmpeg,
    ['-v', 'error', '-ss', seconds.toFixed(2), '-i', path, '-frames:v', '1'].concat([
      '-vf',
      `crop=320:240:${x}:${y},scale=1:1`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ]),
  );
  assert.equal(run.status, 0, String(run.stderr));
  return run.stdout[0]!;
}

describe('a custom layout, moved by UpdateRecord', () => {
  let world: RecordingWorld;
  before(async () => {
    world = await startRecordingWorld();
  });
  after(() => world.close());

  it('draws each stream in its region only, and the new regions from the update on', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'layout-room', TaskId: 'layout-1' };
    for (const userId of ['alice', 'bob']) await publish(await world.member(task.RoomId, userId), { video: true });
    const TargetStreams = {
      StreamList: [
        { UserId: 'alice', Index: 0 },
        { UserId: 'bob', Index: 1 },
      ],
    };
    const layout = (StreamIndex: number, LocationX: number, LocationY: number) => ({
      LayoutMode: 2 as const,
      CustomLayout: {
        Canvas: { Width: 640, Height: 480, Background: '#000000' },
        Regions: [{ StreamIndex, LocationX, LocationY, Width: 320, Height: 240 }],
      },
    });
    await world.client.call('StartRecord', {
      ...task,
      TargetStreams,
      Layout: layout(0, 0, 0),
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'layout-bucket' } },
    });
    await sleep(1500);
    assert.equal(
      await world.client.call('UpdateRecord', { ...task, TargetStreams, Layout: layout(1, 320, 240) }),
      'ok',
    );
    const updatedAt = Date.now();
    await sleep(1500);
    await world.client.call('StopRecord', task);
    const ended = await settledTask(world.sdk, task);
    assert.equal(ended.Status, 3);
    const [file] = ended.RecordFileList as { ObjectKey: string }[];
    const path = world.objectPath('layout-bucket', file!.ObjectKey);
    const update = (updatedAt - (ended.StartTime as number)) / 1000;

    const black = (luma: number) => luma < 30;
    // Before the update: alice top left, nothing bottom right (bob has no region).
    assert.ok(!black(meanLuma(path, 0.7, 0, 0)), 'alice top left');
    assert.ok(black(meanLuma(path, 0.7, 320, 240)), 'nothing bottom right');
    assert.ok(black(meanLuma(path, 0.7, 320, 0)), 'nothing top right');
    // After it: bob bottom right, alice gone.
    assert.ok(black(meanLuma(path, update + 0.7, 0, 0)), 'alice gone');
    assert.ok(!black(meanLuma(path, update + 0.7, 320, 240)), 'bob bottom right');
  });
});
