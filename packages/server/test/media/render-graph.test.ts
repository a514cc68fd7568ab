import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gridTiles } from '../../src/media/grid-layout.js';
import type { RenderJob } from '../../src/media/media-worker.js';
import { renderGraph, toneOf } from '../../src/media/render-graph.js';

const job = (tracks: RenderJob['tracks'], extra: Partial<RenderJob> = {}): RenderJob => ({
  output: '/tmp/x.mp4',
  durationMs: 4000,
  width: 640,
  height: 480,
  fps: 15,
  gopSeconds: 4,
  videoCodec: 'h264',
  videoKbps: 0,
  audioKbps: 64,
  sampleRate: 48000,
  channels: 2,
  audioOnly: false,
  background: '#102030',
  layouts: [],
  tracks,
  ...extra,
});

describe('the automatic grid', () => {
  it('lays n tiles in ceil(sqrt(n)) columns, row by row, even sizes', () => {
    assert.deepEqual(gridTiles(1, 640, 480), [{ x: 0, y: 0, width: 640, height: 480 }]);
    assert.deepEqual(
      gridTiles(3, 640, 480).map((t) => [t.x, t.y, t.width, t.height]),
      [
        [0, 0, 320, 240],
        [320, 0, 320, 240],
        [0, 240, 320, 240],
      ],
    );
    assert.ok(gridTiles(17, 642, 482).every((t) => t.width % 2 === 0 && t.height % 2 === 0));
  });
});

describe('the render graph', () => {
  it('draws each stretch of video in the tile the grid gives it then, and sounds each audio span', () => {
    const graph = renderGraph(
      job([
        { label: 'alice camera', index: 0, spans: [{ from: 0, to: 4000, audio: true, video: true }] },
        { label: 'bob camera', index: 1, spans: [{ from: 2000, to: 3000, audio: false, video: true }] },
      ]),
      undefined,
    );
    assert.match(graph.filter, /color=c=0x102030:s=640x480:r=15:d=4\.000\[bg\]/);
    // alice alone, then beside bob, then alone again: three overlays; bob one.
    assert.equal((graph.filter.match(/testsrc2=s=640x480/g) ?? []).length, 2);
    assert.equal((graph.filter.match(/testsrc2=s=320x480/g) ?? []).length, 2);
    assert.match(graph.filter, /setpts=PTS\+2\.000\/TB/);
    assert.match(graph.filter, new RegExp(`sine=f=${toneOf(0)}:r=48000:d=4\\.000`));
    assert.equal(graph.audio, 'mix');
    assert.equal(graph.video, 'v3');
  });

  it('places tracks in their custom regions from each layout period on, in ZOrder, with their opacity', () => {
    const tracks = [
      { label: 'a camera', index: 0, spans: [{ from: 0, to: 4000, audio: false, video: true }] },
      { label: 'b camera', index: 1, spans: [{ from: 0, to: 4000, audio: false, video: true }] },
      { label: 'c camera', index: 2, spans: [{ from: 0, to: 4000, audio: false, video: true }] },
    ];
    const region = (index: number, x: number, zOrder: number, alpha = 1) => ({
      index,
      x,
      y: 0,
      width: 200,
      height: 100,
      zOrder,
      alpha,
    });
    const graph = renderGraph(
      job(tracks, {
        layouts: [{ from: 0, regions: [region(0, 0, 5), region(1, 100, 1, 0.5)] }, { from: 1000 }],
      }),
      undefined,
    );
    // Until 1 s: b (z 1) then a (z 5) on top, c without a region not drawn; then the grid of three.
    const overlays = [...graph.filter.matchAll(/overlay=x=(\d+):y=(\d+)/g)].map((m) => `${m[1]},${m[2]}`);
    assert.deepEqual(overlays.slice(0, 5).sort(), ['0,0', '0,0', '0,240', '100,0', '320,0'].sort());
    assert.match(graph.filter, /testsrc2=s=200x100:r=15:d=1\.000,hue=h=67,format=yuva420p,colorchannelmixer=aa=0\.500/);
    const firstSecond = [...graph.filter.matchAll(/testsrc2=s=200x100:r=15:d=1\.000,hue=h=(\d+)/g)].map((m) => m[1]);
    assert.deepEqual(firstSecond, ['67', '0']);
  });

  it('renders silence and the bare canvas when nothing is published; no video at all when audio only', () => {
    const empty = renderGraph(job([]), undefined);
    assert.deepEqual([empty.video, empty.audio], ['bg', 'silence']);
    const audioOnly = renderGraph(job([], { audioOnly: true }), undefined);
    assert.equal(audioOnly.video, undefined);
    assert.doesNotMatch(audioOnly.filter, /color=/);
  });

  it('draws labels only with a font path that needs no escaping, and only ID characters', () => {
    const tracks = [
      { label: "ev'il:name camera", index: 0, spans: [{ from: 0, to: 4000, audio: false, video: true }] },
    ];
    assert.match(renderGraph(job(tracks), '/fonts/Sans.ttf').filter, /text='evilname camera'/);
    assert.doesNotMatch(renderGraph(job(tracks), "/fonts/it's.ttf").filter, /drawtext/);
  });
});
