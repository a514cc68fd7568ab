import { tileLabel } from './draw-text.js';
import { featuredTiles, gridTiles, type Tile } from './grid-layout.js';
import type { LayoutPeriod, MediaTrack, RenderJob } from './media-worker.js';

/** Where a track is drawn: its tile, stacking order and opacity. */
interface Placement {
  tile: Tile;
  zOrder: number;
  alpha: number;
}

/** One stretch of a track drawn in one place. */
interface Overlay extends Placement {
  track: MediaTrack;
  from: number;
  to: number;
}

/** The ffmpeg filter graph of a render job and the labels of its outputs. */
export interface RenderGraph {
  filter: string;
  video: string | undefined;
  audio: string;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** Tone of a track: a distinct pitch per index (110 Hz steps from 330 Hz, wrapping after 8). */
export const toneOf = (index: number): number => 330 + 110 * (index % 8);

/**
 * Builds the graph: a canvas of the background colour for the whole duration, each track's video stretches
 * overlaid in their tile (a moving test pattern, tinted per track, with its label), and the tracks' tones mixed over
 * silence. Overlays enter at their start time (setpts) and vanish at their end (eof_action=pass).
 */
export function renderGraph(job: RenderJob, font: string | undefined): RenderGraph {
  const parts: string[] = [];
  const duration = seconds(job.durationMs);
  let video: string | undefined;
  if (!job.audioOnly) {
    parts.push(`color=c=${colour(job.background)}:s=${job.width}x${job.height}:r=${job.fps}:d=${duration}[bg]`);
    let base = 'bg';
    overlaysOf(job).forEach((o, i) => {
      const label = tileLabel(o.track.label, o.tile.height, font);
      const alpha = o.alpha < 1 ? `,format=yuva420p,colorchannelmixer=aa=${o.alpha.toFixed(3)}` : '';
      parts.push(
        `testsrc2=s=${o.tile.width}x${o.tile.height}:r=${job.fps}:d=${seconds(o.to - o.from)},` +
          `hue=h=${(o.track.index * 67) % 360}${label}${alpha},setpts=PTS+${seconds(o.from)}/TB[s${i}]`,
      );
      parts.push(`[${base}][s${i}]overlay=x=${o.tile.x}:y=${o.tile.y}:eof_action=pass[v${i}]`);
      base = `v${i}`;
    });
    video = base;
  }
  const layout = job.channels === 2 ? 'stereo' : 'mono';
  parts.push(`anullsrc=r=${job.sampleRate}:cl=${layout},atrim=duration=${duration}[silence]`);
  const tones: string[] = [];
  for (const track of job.tracks) {
    for (const span of merged(track.spans, (s) => s.audio)) {
      const delay = Math.round(span.from);
      const label = `t${tones.length}`;
      parts.push(
        `sine=f=${toneOf(track.index)}:r=${job.sampleRate}:d=${seconds(span.to - span.from)},` +
          `aformat=channel_layouts=${layout},adelay=${delay}|${delay}[${label}]`,
      );
      tones.push(label);
    }
  }
  if (tones.length === 0) return { filter: parts.join(';'), video, audio: 'silence' };
  parts.push(
    `[silence]${tones.map((t) => `[${t}]`).join('')}amix=inputs=${tones.length + 1}:duration=first:dropout_transition=0[mix]`,
  );
  return { filter: parts.join(';'), video, audio: 'mix' };
}

/**
 * Where each track's video is drawn: between two changes of who publishes video (or of the layout) the placements
 * are fixed, and a track's consecutive stretches in the same place are one overlay. Overlays are drawn in ZOrder.
 */
function overlaysOf(job: RenderJob): Overlay[] {
  const cuts = new Set<number>([0, job.durationMs]);
  for (const track of job.tracks) {
    for (const span of track.spans) if (span.video) cuts.add(span.from).add(span.to);
  }
  for (const period of job.layouts) cuts.add(period.from);
  const times = [...cuts].filter((t) => t >= 0 && t <= job.durationMs).sort((a, b) => a - b);
  const open = new Map<MediaTrack, Overlay>();
  const out: Overlay[] = [];
  const frameMs = 1000 / job.fps;
  const flush = (o: Overlay) => {
    if (o.to - o.from >= frameMs) out.push(o);
  };
  for (let i = 0; i + 1 < times.length; i++) {
    const from = times[i]!;
    const to = times[i + 1]!;
    const showing = job.tracks
      .filter((t) => t.spans.some((s) => s.video && s.from <= from && s.to >= to))
      .sort((a, b) => a.index - b.index);
    const placements = placementsOf(showing, layoutAt(job.layouts, from), job);
    for (const [track, place] of placements) {
      const current = open.get(track);
      if (current && current.to === from && samePlace(current, place)) {
        current.to = to;
        continue;
      }
      if (current) flush(current);
      open.set(track, { track, from, to, ...place });
    }
    for (const [track, o] of open) {
      if (placements.has(track)) continue;
      flush(o);
      open.delete(track);
    }
  }
  for (const o of open.values()) flush(o);
  // Stable: equal ZOrders keep their order; a higher one is overlaid later, so on top.
  return out.sort((a, b) => a.zOrder - b.zOrder);
}

function layoutAt(layouts: readonly LayoutPeriod[], at: number): LayoutPeriod | undefined {
  let current: LayoutPeriod | undefined;
  for (const period of layouts) if (period.from <= at) current = period;
  return current;
}

/**
 * The grid's tiles in Index order, the main stream and the others around it (LayoutMode 1 and 3), or each track's
 * region (a track without a region is not drawn).
 */
function placementsOf(showing: readonly MediaTrack[], layout: LayoutPeriod | undefined, job: RenderJob) {
  const placements = new Map<MediaTrack, Placement>();
  if (layout?.featured && showing.length > 0) {
    const wanted = showing.find((t) => t.index === layout.featured!.mainIndex);
    const main = wanted ?? showing[0]!;
    const others = showing.filter((t) => t !== main);
    const tiles = featuredTiles(layout.featured.mode, others.length, job.width, job.height);
    placements.set(main, { tile: tiles.main, zOrder: 0, alpha: 1 });
    others.forEach((track, n) => placements.set(track, { tile: tiles.others[n]!, zOrder: 1, alpha: 1 }));
    return placements;
  }
  if (!layout?.regions) {
    const tiles = gridTiles(showing.length, job.width, job.height);
    showing.forEach((track, n) => placements.set(track, { tile: tiles[n]!, zOrder: 0, alpha: 1 }));
    return placements;
  }
  for (const track of showing) {
    const region = layout.regions.find((r) => r.index === track.index);
    if (!region) continue;
    const tile = { x: region.x, y: region.y, width: region.width, height: region.height };
    placements.set(track, { tile, zOrder: region.zOrder, alpha: region.alpha });
  }
  return placements;
}

/** The spans where `pick` holds, with touching ones joined. */
function merged<S extends { from: number; to: number }>(spans: readonly S[], pick: (s: S) => boolean) {
  const out: { from: number; to: number }[] = [];
  for (const s of [...spans].filter(pick).sort((a, b) => a.from - b.from)) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else if (s.to > s.from) out.push({ from: s.from, to: s.to });
  }
  return out;
}

const samePlace = (a: Placement, b: Placement): boolean =>
  a.tile.x === b.tile.x &&
  a.tile.y === b.tile.y &&
  a.tile.width === b.tile.width &&
  a.tile.height === b.tile.height &&
  a.zOrder === b.zOrder &&
  a.alpha === b.alpha;

/** `#RRGGBB` as ffmpeg's `0xRRGGBB`; anything else is black. */
export function colour(text: string): string {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(text);
  return m ? `0x${m[1]}` : 'black';
}
