import { gridTiles, type Tile } from './grid-layout.js';
import type { MediaTrack, RenderJob } from './media-worker.js';

/** One stretch of a track drawn in one tile. */
interface Overlay {
  track: MediaTrack;
  from: number;
  to: number;
  tile: Tile;
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
      const label = font && SAFE_PATH.test(font) ? `,${drawLabel(o.track.label, o.tile, font)}` : '';
      parts.push(
        `testsrc2=s=${o.tile.width}x${o.tile.height}:r=${job.fps}:d=${seconds(o.to - o.from)},` +
          `hue=h=${(o.track.index * 67) % 360}${label},setpts=PTS+${seconds(o.from)}/TB[s${i}]`,
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
 * Where each track's video is drawn: between two changes of who publishes video the grid is fixed, and a track's
 * consecutive stretches in the same tile are one overlay.
 */
function overlaysOf(job: RenderJob): Overlay[] {
  const cuts = new Set<number>([0, job.durationMs]);
  for (const track of job.tracks) {
    for (const span of track.spans) if (span.video) cuts.add(span.from).add(span.to);
  }
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
    const tiles = gridTiles(showing.length, job.width, job.height);
    const seen = new Set<MediaTrack>();
    showing.forEach((track, n) => {
      seen.add(track);
      const tile = tiles[n]!;
      const current = open.get(track);
      if (current && current.to === from && sameTile(current.tile, tile)) {
        current.to = to;
        return;
      }
      if (current) flush(current);
      open.set(track, { track, from, to, tile });
    });
    for (const [track, o] of open) {
      if (seen.has(track)) continue;
      flush(o);
      open.delete(track);
    }
  }
  for (const o of open.values()) flush(o);
  return out;
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

const sameTile = (a: Tile, b: Tile): boolean =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** `#RRGGBB` as ffmpeg's `0xRRGGBB`; anything else is black. */
function colour(text: string): string {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(text);
  return m ? `0x${m[1]}` : 'black';
}

/** A font path that needs no escaping inside a quoted filter argument. */
const SAFE_PATH = /^[\w./ -]+$/;

function drawLabel(text: string, tile: Tile, font: string): string {
  const size = Math.max(10, Math.round(tile.height / 14));
  // Labels are UserIds (the ID rule's characters) and a word; anything else is dropped rather than escaped.
  const safe = text.replace(/[^\w@. -]/g, '');
  return (
    `drawtext=fontfile='${font}':text='${safe}':x=8:y=8:fontsize=${size}` +
    `:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=4`
  );
}
