import { access, constants } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { drawText } from './draw-text.js';
import { findLabelFont, findMediaBinaries, type MediaBinaries } from './media-binaries.js';
import { RenderSlots } from './render-slots.js';
import { runProcess } from './run-process.js';

/** One image of a stream: the synthetic test pattern at the requested size, labelled. */
export interface FrameRequest {
  /** The image file to write. */
  output: string;
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** The stream's label (UserId and stream type), drawn at the top. */
  label: string;
  /** A second line (the capture's time), drawn below it. */
  caption: string;
  /** The stream's index: its tint, as in recordings. */
  index: number;
}

/** Makes one image of a stream's current frame. A real media plane would decode the stream here. */
export interface FrameGrabber {
  /** Whether it can run here; throws an Error saying why not. */
  check(): Promise<void>;
  grab(request: FrameRequest, signal?: AbortSignal): Promise<void>;
}

export interface LiveMediaOptions {
  binaries?: MediaBinaries;
  /** The labels' font; default findLabelFont(). Null: no labels. */
  font?: string | null;
  /** Shared with the other live media makers: ffmpeg processes at once. */
  slots?: RenderSlots;
}

/** The slots live media share unless given theirs: the cores less one, at least one. */
export const defaultLiveSlots = (): RenderSlots => new RenderSlots(Math.max(1, availableParallelism() - 1));

/**
 * Frames on ffmpeg: `testsrc2` (the recordings' moving pattern, tinted per stream) rendered at the requested size,
 * labelled with the stream and the capture time, written as one JPEG (mjpeg, 4:4:4 so odd sizes stay exact) or PNG.
 */
export class FfmpegFrameGrabber implements FrameGrabber {
  readonly #options: LiveMediaOptions;
  readonly #slots: RenderSlots;
  readonly #font: string | undefined;

  constructor(options: LiveMediaOptions = {}) {
    this.#options = options;
    this.#slots = options.slots ?? defaultLiveSlots();
    this.#font = options.font === null ? undefined : (options.font ?? findLabelFont());
  }

  async check(): Promise<void> {
    await access(this.#ffmpeg(), constants.X_OK);
  }

  grab(request: FrameRequest, signal?: AbortSignal): Promise<void> {
    const { width, height } = request;
    const size = Math.max(8, Math.round(Math.min(width, height) / 14));
    const filters = [
      // testsrc2 draws even sizes only: one pixel more, then scaled to the exact size.
      `testsrc2=s=${width + (width % 2)}x${height + (height % 2)}:r=1:d=1`,
      `hue=h=${(request.index * 67) % 360}`,
      `scale=${width}:${height}`,
      drawText(request.label, { x: 6, y: 6, size }, this.#font),
      drawText(request.caption, { x: 6, y: Math.round(6 + size * 1.8), size }, this.#font),
    ].filter((f) => f !== '');
    const codec = request.format === 'png' ? ['-c:v', 'png'] : ['-c:v', 'mjpeg', '-pix_fmt', 'yuvj444p', '-q:v', '3'];
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', filters.join(',')];
    args.push('-frames:v', '1', ...codec, '-update', '1', '-f', 'image2', request.output);
    return this.#slots.run(() => runProcess(this.#ffmpeg(), args, signal).then(() => undefined));
  }

  #ffmpeg(): string {
    return (this.#options.binaries ?? findMediaBinaries()).ffmpeg;
  }
}
