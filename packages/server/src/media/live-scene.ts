import type { Tile } from './grid-layout.js';
import type { EncodeSettings } from './media-worker.js';
import { tileLabel } from './draw-text.js';
import { colour, toneOf } from './render-graph.js';

/** A stream drawn live: its label, its tile, stacking order and opacity. */
export interface LiveTile {
  label: string;
  /** Its place in the layout's order (tint and tone follow it, as in recordings). */
  index: number;
  tile: Tile;
  zOrder: number;
  alpha: number;
}

/**
 * What a live stream shows at one moment: the canvas, the published video streams in their tiles, the published
 * audio streams' tones. A push renders one scene until the next (a publish, an unpublish, a layout update).
 */
export interface LiveScene {
  encode: EncodeSettings;
  audioOnly: boolean;
  /** `#RRGGBB`. */
  background: string;
  tiles: LiveTile[];
  /** The indexes of the streams whose audio is published. */
  tones: number[];
}

/** The ffmpeg filter graph of a scene, endless and paced at real time, and its output labels. */
export interface LiveGraph {
  filter: string;
  video: string | undefined;
  audio: string;
}

/**
 * The live counterpart of renderGraph (render-graph.ts): the same canvas, tinted test patterns with their labels and
 * tones, but without an end, and slowed to the wall clock (`realtime`, `arealtime`) so that a push streams at the
 * pace of a live source.
 */
export function liveGraph(scene: LiveScene, font: string | undefined): LiveGraph {
  const { encode } = scene;
  const parts: string[] = [];
  let video: string | undefined;
  if (!scene.audioOnly) {
    parts.push(`color=c=${colour(scene.background)}:s=${encode.width}x${encode.height}:r=${encode.fps}[bg]`);
    let base = 'bg';
    [...scene.tiles]
      .sort((a, b) => a.zOrder - b.zOrder)
      .forEach((t, i) => {
        const label = tileLabel(t.label, t.tile.height, font);
        const alpha = t.alpha < 1 ? `,format=yuva420p,colorchannelmixer=aa=${t.alpha.toFixed(3)}` : '';
        parts.push(
          `testsrc2=s=${t.tile.width}x${t.tile.height}:r=${encode.fps},hue=h=${(t.index * 67) % 360}${label}${alpha}[s${i}]`,
        );
        parts.push(`[${base}][s${i}]overlay=x=${t.tile.x}:y=${t.tile.y}[v${i}]`);
        base = `v${i}`;
      });
    parts.push(`[${base}]realtime[vout]`);
    video = 'vout';
  }
  const layout = encode.channels === 2 ? 'stereo' : 'mono';
  parts.push(`anullsrc=r=${encode.sampleRate}:cl=${layout}[silence]`);
  const tones = scene.tones.map((index, i) => {
    parts.push(`sine=f=${toneOf(index)}:r=${encode.sampleRate},aformat=channel_layouts=${layout}[t${i}]`);
    return `[t${i}]`;
  });
  if (tones.length === 0) parts.push(`[silence]arealtime[aout]`);
  else {
    parts.push(
      `[silence]${tones.join('')}amix=inputs=${tones.length + 1}:duration=first:dropout_transition=0,arealtime[aout]`,
    );
  }
  return { filter: parts.join(';'), video, audio: 'aout' };
}

/**
 * The renderer's ffmpeg arguments: the scene encoded as H.264 (low latency: no B-frames, a keyframe every GOP) and
 * AAC in MPEG-TS on stdout, its timestamps starting at `offsetSeconds` so that renderers that follow one another
 * feed the same push with rising timestamps.
 */
export function liveRenderArgs(scene: LiveScene, font: string | undefined, offsetSeconds: number): string[] {
  const { encode } = scene;
  const graph = liveGraph(scene, font);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-filter_complex', graph.filter];
  if (graph.video) {
    args.push('-map', `[${graph.video}]`, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency');
    args.push('-pix_fmt', 'yuv420p', '-r', String(encode.fps));
    const gop = String(Math.max(1, Math.round(encode.fps * encode.gopSeconds)));
    args.push('-g', gop, '-keyint_min', gop);
    if (encode.videoKbps > 0) {
      args.push('-b:v', `${encode.videoKbps}k`, '-maxrate', `${encode.videoKbps}k`, '-bufsize', `${encode.videoKbps}k`);
    }
  }
  args.push('-map', `[${graph.audio}]`, '-c:a', 'aac', '-b:a', `${encode.audioKbps}k`);
  args.push('-ar', String(encode.sampleRate), '-ac', String(encode.channels));
  args.push('-f', 'mpegts', '-muxdelay', '0', '-muxpreload', '0');
  args.push('-output_ts_offset', offsetSeconds.toFixed(3), 'pipe:1');
  return args;
}

/**
 * The pusher's ffmpeg arguments: MPEG-TS from stdin copied into FLV over RTMP (AAC turned from ADTS into FLV's
 * form), with a short probe so that the push starts within a second; progress lines on stdout.
 */
export function rtmpPushArgs(url: string): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-analyzeduration',
    '500000',
    '-f',
    'mpegts',
    '-i',
    'pipe:0',
    '-c',
    'copy',
    '-bsf:a',
    'aac_adtstoasc',
    '-progress',
    'pipe:1',
    '-f',
    'flv',
    url,
  ];
}
