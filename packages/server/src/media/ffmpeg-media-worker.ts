import { access, constants, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { findLabelFont, findMediaBinaries, type MediaBinaries } from './media-binaries.js';
import type { MediaWorker, ProbedFile, RenderJob } from './media-worker.js';
import { convertArgs, type OutputFormat } from './output-formats.js';
import { RenderSlots } from './render-slots.js';
import { renderGraph } from './render-graph.js';
import { runProcess } from './run-process.js';

export interface FfmpegWorkerOptions {
  /** Renders at once (default: the cores less one, at least one). */
  concurrency?: number;
  /** Default: the packaged binaries (media-binaries.ts). */
  binaries?: MediaBinaries;
  /** The labels' font; default findLabelFont(). Null: no labels. */
  font?: string | null;
}

/**
 * The MediaWorker on ffmpeg: each render is one ffmpeg child process (H.264 + AAC in MP4), at most `concurrency` at
 * once; ffprobe reads what the file holds.
 */
export class FfmpegMediaWorker implements MediaWorker {
  readonly #slots: RenderSlots;
  readonly #options: FfmpegWorkerOptions;
  #binaries: MediaBinaries | undefined;
  readonly #font: string | undefined;

  constructor(options: FfmpegWorkerOptions = {}) {
    this.#options = options;
    this.#slots = new RenderSlots(options.concurrency ?? Math.max(1, availableParallelism() - 1));
    this.#font = options.font === null ? undefined : (options.font ?? findLabelFont());
  }

  async check(): Promise<void> {
    const { ffmpeg, ffprobe } = this.#tools();
    await access(ffmpeg, constants.X_OK);
    await access(ffprobe, constants.X_OK);
  }

  render(job: RenderJob, signal?: AbortSignal): Promise<void> {
    const { ffmpeg } = this.#tools();
    const graph = renderGraph(job, this.#font);
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-filter_complex', graph.filter];
    if (graph.video) {
      const codec =
        job.videoCodec === 'h265' ? ['libx265', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'] : ['libx264'];
      args.push('-map', `[${graph.video}]`, '-c:v', ...codec, '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
      args.push('-r', String(job.fps), '-g', String(Math.max(1, Math.round(job.fps * job.gopSeconds))));
      if (job.videoKbps > 0) args.push('-b:v', `${job.videoKbps}k`);
    }
    args.push('-map', `[${graph.audio}]`, '-c:a', 'aac', '-b:a', `${job.audioKbps}k`);
    args.push('-ar', String(job.sampleRate), '-ac', String(job.channels));
    args.push('-t', (job.durationMs / 1000).toFixed(3), '-movflags', '+faststart', '-f', 'mp4', job.output);
    return this.#slots.run(() => runProcess(ffmpeg, args, signal).then(() => undefined));
  }

  async convert(
    source: string,
    format: Exclude<OutputFormat, 'MP4'>,
    output: string,
    options: { audioKbps: number },
    signal?: AbortSignal,
  ): Promise<string[]> {
    const { ffmpeg } = this.#tools();
    await this.#slots.run(() => runProcess(ffmpeg, convertArgs(source, format, output, options.audioKbps), signal));
    if (format !== 'HLS') return [output];
    const stem = basename(output).replace(/\.m3u8$/, '_');
    const segments = (await readdir(dirname(output))).filter((n) => n.startsWith(stem) && n.endsWith('.ts'));
    return [output, ...segments.sort().map((n) => join(dirname(output), n))];
  }

  async concat(parts: readonly string[], output: string, signal?: AbortSignal): Promise<void> {
    const { ffmpeg } = this.#tools();
    // The concat demuxer's list; the parts' paths are ours (hex names), quoted as it wants.
    const list = `${output}.parts.txt`;
    await writeFile(list, parts.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n'));
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list];
    args.push('-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', output);
    try {
      // Streams copied: no encoding, so no render slot (it would wait behind renders for a moment of I/O).
      await runProcess(ffmpeg, args, signal);
    } finally {
      await unlink(list).catch(() => undefined);
    }
  }

  async probe(path: string, signal?: AbortSignal): Promise<ProbedFile> {
    if (path.endsWith('.m3u8')) return this.#probePlaylist(path, signal);
    const { ffprobe } = this.#tools();
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path];
    const text = await runProcess(ffprobe, args, signal);
    const info = JSON.parse(text) as {
      format?: { duration?: string };
      streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
    };
    const video = info.streams?.find((s) => s.codec_type === 'video');
    const audio = info.streams?.find((s) => s.codec_type === 'audio');
    return {
      durationMs: Math.round(Number(info.format?.duration ?? 0) * 1000),
      size: (await stat(path)).size,
      ...(audio?.codec_name && { audioCodec: audio.codec_name }),
      ...(video?.codec_name && { videoCodec: video.codec_name }),
      ...(video?.width !== undefined && { width: video.width }),
      ...(video?.height !== undefined && { height: video.height }),
    };
  }

  /**
   * An HLS playlist. The packaged ffprobe crashes on MPEG-TS, so: the duration is the sum of the playlist's EXTINF
   * (the muxer's measure of each segment), the size the playlist's and its segments', and the codecs and resolution
   * what ffmpeg reports reading the first segment.
   */
  async #probePlaylist(path: string, signal?: AbortSignal): Promise<ProbedFile> {
    const lines = (await readFile(path, 'utf8')).split('\n');
    const segments = lines
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => join(dirname(path), basename(line)));
    if (segments.length === 0) throw new Error('the HLS playlist lists no segment');
    const seconds = lines
      .map((line) => /^#EXTINF:([\d.]+)/.exec(line)?.[1])
      .reduce((sum, value) => sum + (value ? Number(value) : 0), 0);
    let size = (await stat(path)).size;
    for (const segment of segments) size += (await stat(segment)).size;
    // ffmpeg with an input and no output prints the streams and exits 1: its stderr is the answer.
    const info = await runProcess(this.#tools().ffmpeg, ['-hide_banner', '-nostdin', '-i', segments[0]!], signal, {
      stderrAnswers: true,
    });
    const video = /Stream #\S+: Video: (\w+).*?, (\d+)x(\d+)/.exec(info);
    const audio = /Stream #\S+: Audio: (\w+)/.exec(info);
    return {
      durationMs: Math.round(seconds * 1000),
      size,
      ...(audio && { audioCodec: audio[1]! }),
      ...(video && { videoCodec: video[1]!, width: Number(video[2]), height: Number(video[3]) }),
    };
  }

  #tools(): MediaBinaries {
    this.#binaries ??= this.#options.binaries ?? findMediaBinaries();
    return this.#binaries;
  }
}
