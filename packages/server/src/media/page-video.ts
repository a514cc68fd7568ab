import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { drawText, drawTextFile } from './draw-text.js';
import { LiveFfmpeg, type LiveMediaOptions } from './live-ffmpeg.js';

/**
 * A web page's recording as this server makes it: a rendering that shows the page's title and URL (or, for a
 * whiteboard, the board's names), and a caption.
 */
export interface PageVideoJob {
  /** The MP4 to write. */
  output: string;
  width: number;
  height: number;
  fps: number;
  durationMs: number;
  title: string;
  url: string;
  /** The line at the foot of the picture; default `web page recording`. */
  caption?: string;
}

/** Records a web page. A real browser capture plugs in here. */
export interface PageRecorder {
  check(): Promise<void>;
  render(job: PageVideoJob, signal?: AbortSignal): Promise<void>;
}

/**
 * The stand-in for a browser capture, on ffmpeg: a light page-coloured canvas with the page's title and its URL
 * written on it (read from text files, so nothing in them is interpreted), a moving test pattern in a corner (the
 * page's activity) and a clock, over silence; H.264 and AAC in MP4.
 */
export class FfmpegPageRecorder implements PageRecorder {
  readonly #ffmpeg: LiveFfmpeg;

  constructor(options: LiveMediaOptions = {}) {
    this.#ffmpeg = new LiveFfmpeg(options);
  }

  check(): Promise<void> {
    return this.#ffmpeg.check();
  }

  async render(job: PageVideoJob, signal?: AbortSignal): Promise<void> {
    const { width, height, fps } = job;
    const seconds = (job.durationMs / 1000).toFixed(3);
    const texts = join(dirname(job.output), `${Date.now()}-${Math.random().toString(36).slice(2)}`);
    await mkdir(texts, { recursive: true });
    try {
      const titleFile = join(texts, 'title.txt');
      const urlFile = join(texts, 'url.txt');
      await writeFile(titleFile, job.title);
      await writeFile(urlFile, job.url);
      const size = Math.max(10, Math.round(height / 18));
      const tile = { width: 2 * Math.round(width / 8), height: 2 * Math.round(height / 8) };
      const canvas = [
        `color=c=0xf4f6f8:s=${width}x${height}:r=${fps}:d=${seconds}`,
        drawTextFile(titleFile, { x: size, y: size, size: size * 1.4 }, this.#ffmpeg.font),
        drawTextFile(urlFile, { x: size, y: Math.round(size * 3.4), size }, this.#ffmpeg.font),
        drawText(
          job.caption ?? 'web page recording',
          { x: size, y: `h-${Math.round(size * 2.2)}`, size: size * 0.8 },
          this.#ffmpeg.font,
        ),
      ].filter((f) => f !== '');
      const filter =
        `${canvas.join(',')}[page];` +
        `testsrc2=s=${tile.width}x${tile.height}:r=${fps}:d=${seconds}[activity];` +
        `[page][activity]overlay=x=W-w-${size}:y=H-h-${size}[v];` +
        `anullsrc=r=48000:cl=stereo,atrim=duration=${seconds}[a]`;
      const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-filter_complex', filter];
      args.push('-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-r', String(fps));
      args.push('-map', '[a]', '-c:a', 'aac', '-b:a', '32k', '-t', seconds, '-movflags', '+faststart');
      args.push('-f', 'mp4', job.output);
      await this.#ffmpeg.run(args, signal);
    } finally {
      await rm(texts, { recursive: true, force: true });
    }
  }
}
