import { LiveFfmpeg, type LiveMediaOptions } from './live-ffmpeg.js';

/** The audio slices' encoding (our choice; the catalog names no format): MP3, 16 kHz mono, 32 kbps. */
export const SLICE_FORMAT = { extension: 'mp3', codec: 'mp3', sampleRate: 16000, channels: 1, kbps: 32 } as const;

/** One slice: the tones of the streams heard in it, mixed (none: silence). */
export interface SliceRequest {
  output: string;
  durationMs: number;
  /** Hz, one per stream (render-graph's toneOf). */
  tones: number[];
}

/** Makes audio slices. A real media plane would cut the streams' decoded audio here. */
export interface AudioSlicer {
  check(): Promise<void>;
  slice(request: SliceRequest, signal?: AbortSignal): Promise<void>;
}

/** Slices on ffmpeg: `sine` per tone (mixed when several), or `anullsrc`, encoded as SLICE_FORMAT. */
export class FfmpegAudioSlicer implements AudioSlicer {
  readonly #ffmpeg: LiveFfmpeg;

  constructor(options: LiveMediaOptions = {}) {
    this.#ffmpeg = new LiveFfmpeg(options);
  }

  check(): Promise<void> {
    return this.#ffmpeg.check();
  }

  slice(request: SliceRequest, signal?: AbortSignal): Promise<void> {
    const seconds = (request.durationMs / 1000).toFixed(3);
    const rate = SLICE_FORMAT.sampleRate;
    const sources =
      request.tones.length === 0
        ? [`anullsrc=r=${rate}:cl=mono,atrim=duration=${seconds}`]
        : request.tones.map((hz) => `sine=f=${hz}:r=${rate}:d=${seconds}`);
    const graph =
      sources.length === 1
        ? `${sources[0]}[out]`
        : `${sources.map((s, i) => `${s}[t${i}]`).join(';')};` +
          `${sources.map((_, i) => `[t${i}]`).join('')}amix=inputs=${sources.length}:duration=longest[out]`;
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-filter_complex', graph, '-map', '[out]'];
    args.push('-ac', String(SLICE_FORMAT.channels), '-ar', String(rate));
    args.push('-c:a', 'libmp3lame', '-b:a', `${SLICE_FORMAT.kbps}k`, '-t', seconds, '-f', 'mp3', request.output);
    return this.#ffmpeg.run(args, signal);
  }
}
