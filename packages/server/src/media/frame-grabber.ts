import { drawText } from './draw-text.js';
import { LiveFfmpeg, type LiveMediaOptions } from './live-ffmpeg.js';

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

/**
 * Frames on ffmpeg: `testsrc2` (the recordings' moving pattern, tinted per stream) rendered at the requested size,
 * labelled with the stream and the capture time, written as one JPEG (mjpeg, 4:4:4 so odd sizes stay exact) or PNG.
 */
export class FfmpegFrameGrabber implements FrameGrabber {
  readonly #ffmpeg: LiveFfmpeg;

  constructor(options: LiveMediaOptions = {}) {
    this.#ffmpeg = new LiveFfmpeg(options);
  }

  check(): Promise<void> {
    return this.#ffmpeg.check();
  }

  grab(request: FrameRequest, signal?: AbortSignal): Promise<void> {
    const { width, height } = request;
    const size = Math.max(8, Math.round(Math.min(width, height) / 14));
    const filters = [
      // testsrc2 draws even sizes only: one pixel more, then scaled to the exact size.
      `testsrc2=s=${width + (width % 2)}x${height + (height % 2)}:r=1:d=1`,
      `hue=h=${(request.index * 67) % 360}`,
      `scale=${width}:${height}`,
      drawText(request.label, { x: 6, y: 6, size }, this.#ffmpeg.font),
      drawText(request.caption, { x: 6, y: Math.round(6 + size * 1.8), size }, this.#ffmpeg.font),
    ].filter((f) => f !== '');
    const codec = request.format === 'png' ? ['-c:v', 'png'] : ['-c:v', 'mjpeg', '-pix_fmt', 'yuvj444p', '-q:v', '3'];
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', filters.join(',')];
    args.push('-frames:v', '1', ...codec, '-update', '1', '-f', 'image2', request.output);
    return this.#ffmpeg.run(args, signal);
  }
}
