// UpdateRecord to LayoutMode 3 (side by side) and then 1 (vertical, a named main stream), end to end: the file's
// layout changes at each update, read from its pixels. Each stream is ffmpeg's testsrc2 scaled to its tile, six
// vertical colour bars, so a row near the bottom of a frame changes colour at every sixth of each tile's width and
// at the tiles' edges; the first bar of the stream with Index 0 (no hue shift) is red, the other's is not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { publish, settledTask, sleep, startRecordingWorld, type RecordingWorld } from './recording-harness.js';

const ROW = 466;

/** The x where the colour of row ROW of the frame at `seconds` changes (neighbouring changes counted once). */
function colourEdges(path: string, seconds: number): { edges: number[]; first: number[] } {
  const run = spawnSync(findMediaBinaries().ffmpeg, [
    '-v',
    'error',
    '-ss',
    seconds.toFixed(2),
    '-i',
    path,
    '-frames:v',
    '1',
    '-vf',
    `crop=640:2:0:${ROW}`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ]);
  assert.equal(run.status, 0, String(run.stderr));
  const px = run.stdout;
  const changes: number[] = [];
  for (let x = 1; x < 640; x++) {
    let d = 0;
    for (let c = 0; c < 3; c++) d += Math.abs(px[x * 3 + c]! - px[(x - 1) * 3 + c]!);
    if (d > 60) changes.push(x);
  }
  const edges = changes.filter((x, i) => i === 0 || x - changes[i - 1]! > 3);
  return { edges, first: [...px.subarray(50 * 3, 50 * 3 + 3)] };
}

/** Where the bars of tiles [x, width] spanning the row meet (each tile's left edge but the canvas's). */
const barEdges = (tiles: [number, number][]): number[] =>
  tiles.flatMap(([x, w]) => [x, ...[1, 2, 3, 4, 5].map((k) => x + (k * w) / 6)]).filter((e) => e > 0);

function assertEdges(actual: number[], expected: number[], what: string): void {
  const near = actual.length === expected.length && actual.every((x, i) => Math.abs(x - expected[i]!) <= 3);
  assert.ok(near, `${what}: colour changes at ${actual.join(' ')}, expected ${expected.map(Math.round).join(' ')}`);
}

const red = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;

describe('UpdateRecord to LayoutMode 3 and 1', () => {
  let world: RecordingWorld;
  before(async () => {
    world = await startRecordingWorld();
  });
  after(() => world.close());

  it('lays the file out anew from each update: grid, side by side, then vertical around the named main stream', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'featured-room', TaskId: 'featured-1' };
    for (const userId of ['alice', 'bob']) await publish(await world.member(task.RoomId, userId), { video: true });
    const TargetStreams = {
      StreamList: [
        { UserId: 'alice', Index: 0 },
        { UserId: 'bob', Index: 1 },
      ],
    };
    await world.client.call('StartRecord', {
      ...task,
      TargetStreams,
      Layout: { LayoutMode: 0 },
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'featured-bucket' } },
    });
    await sleep(1500);
    assert.equal(await world.client.call('UpdateRecord', { ...task, TargetStreams, Layout: { LayoutMode: 3 } }), 'ok');
    const sideAt = Date.now();
    await sleep(1500);
    const vertical = { LayoutMode: 1 as const, MainVideoStream: { UserId: 'bob', StreamType: 0 as const } };
    assert.equal(await world.client.call('UpdateRecord', { ...task, TargetStreams, Layout: vertical }), 'ok');
    const verticalAt = Date.now();
    await sleep(1500);
    await world.client.call('StopRecord', task);
    const ended = await settledTask(world.sdk, task);
    assert.equal(ended.Status, 3, JSON.stringify(ended));
    const [file] = ended.RecordFileList as { ObjectKey: string }[];
    const path = world.objectPath('featured-bucket', file!.ObjectKey);
    const inFile = (at: number) => (at - (ended.StartTime as number)) / 1000;

    // Grid: alice and bob side by side, 320 pixels each; alice (Index 0) on the left.
    const grid = colourEdges(path, 0.7);
    assertEdges(
      grid.edges,
      barEdges([
        [0, 320],
        [320, 320],
      ]),
      'grid',
    );
    assert.ok(red(grid.first), `alice on the left: ${grid.first.join()}`);
    // LayoutMode 3: the main stream (none named: the lowest Index, alice) on the left 3/4, bob in the right 1/4.
    const side = colourEdges(path, inFile(sideAt) + 0.7);
    assertEdges(
      side.edges,
      barEdges([
        [0, 480],
        [480, 160],
      ]),
      'side by side',
    );
    assert.ok(red(side.first), `alice is the main stream: ${side.first.join()}`);
    // LayoutMode 1 with bob named: bob fills the canvas; alice is a quarter-size tile at the top right, above this row.
    const over = colourEdges(path, inFile(verticalAt) + 0.7);
    assertEdges(over.edges, barEdges([[0, 640]]), 'vertical');
    assert.ok(!red(over.first), `bob is the main stream: ${over.first.join()}`);
  });
});
