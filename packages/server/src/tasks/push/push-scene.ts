import { featuredTiles, gridTiles } from '../../media/grid-layout.js';
import type { LiveScene, LiveTile } from '../../media/live-scene.js';
import type { LiveStream } from '../room-presence.js';
import type { PushSpec } from './push-spec.js';

const streamKey = (s: { userId: string; streamType: number }): string => `${s.streamType}\u0000${s.userId}`;

/**
 * The layout order of the streams a live task has seen: a stream's Index is the one its TargetStreams entry gives,
 * otherwise the lowest free one in order of first appearance (as recordings number them), kept while the task runs.
 */
export class StreamIndexes {
  readonly #given = new Map<string, number>();
  readonly #taken = new Map<string, number>();

  constructor(spec: PushSpec) {
    this.reset(spec);
  }

  /** The targets of an updated spec: their Indexes win from now on. */
  reset(spec: PushSpec): void {
    this.#given.clear();
    for (const t of spec.targets) if (t.index !== undefined) this.#given.set(streamKey(t), t.index);
  }

  of(stream: LiveStream): number {
    const key = streamKey(stream);
    const given = this.#given.get(key);
    if (given !== undefined) return given;
    let index = this.#taken.get(key);
    if (index === undefined) {
      const used = new Set([...this.#given.values(), ...this.#taken.values()]);
      index = 0;
      while (used.has(index)) index += 1;
      this.#taken.set(key, index);
    }
    return index;
  }
}

/**
 * What a push shows with these streams published: the grid of the video streams in Index order, or each in the
 * region of its Index (scaled from the layout's canvas to the encoded size; a stream without a region is not drawn,
 * its audio still mixed), and a tone per audio stream.
 */
export function pushScene(spec: PushSpec, streams: readonly LiveStream[], indexes: StreamIndexes): LiveScene {
  const numbered = streams.map((s) => ({ s, index: indexes.of(s) })).sort((a, b) => a.index - b.index);
  const video = numbered.filter((n) => n.s.video);
  const label = (s: LiveStream) => `${s.userId} ${s.streamType === 1 ? 'screen' : 'camera'}`;
  let tiles: LiveTile[];
  const { width, height } = spec.encode;
  const layout = spec.layout;
  if (layout.mode === 'grid') {
    const grid = gridTiles(video.length, width, height);
    tiles = video.map((n, i) => ({ label: label(n.s), index: n.index, tile: grid[i]!, zOrder: 0, alpha: 1 }));
  } else if (layout.mode !== 'custom') {
    // The main stream (MainVideoStream, or the lowest Index) large, the others small over or beside it.
    const isMain = (s: LiveStream) =>
      layout.main ? s.userId === layout.main.userId && s.streamType === layout.main.streamType : false;
    const main = video.find((n) => isMain(n.s)) ?? video.find((n) => n.index === layout.mainIndex) ?? video[0];
    const others = video.filter((n) => n !== main);
    const placed = featuredTiles(layout.mode, others.length, width, height);
    tiles = [
      ...(main ? [{ label: label(main.s), index: main.index, tile: placed.main, zOrder: 0, alpha: 1 }] : []),
      ...others.map((n, i) => ({ label: label(n.s), index: n.index, tile: placed.others[i]!, zOrder: 1, alpha: 1 })),
    ];
  } else {
    const { canvas, regions } = layout;
    const sx = width / canvas.width;
    const sy = height / canvas.height;
    const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);
    tiles = video.flatMap((n) => {
      const r = regions.find((region) => region.streamIndex === n.index);
      if (!r) return [];
      const x = Math.round(r.x * sx);
      const y = Math.round(r.y * sy);
      const tile = {
        x,
        y,
        width: even(Math.min(r.width * sx, width - x)),
        height: even(Math.min(r.height * sy, height - y)),
      };
      return [{ label: label(n.s), index: n.index, tile, zOrder: r.zOrder, alpha: r.alpha }];
    });
  }
  return {
    encode: spec.encode,
    audioOnly: spec.audioOnly,
    background: spec.background,
    tiles,
    tones: numbered.filter((n) => n.s.audio).map((n) => n.index),
  };
}

/** Two scenes render the same picture and sound. */
export const sameScene = (a: LiveScene, b: LiveScene): boolean => JSON.stringify(a) === JSON.stringify(b);
