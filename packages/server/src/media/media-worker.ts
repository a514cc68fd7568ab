import type { FeaturedMode } from './grid-layout.js';
import type { OutputFormat } from './output-formats.js';

/** One stream of the room as the renderer draws and sounds it. */
export interface MediaTrack {
  /** Drawn on its tile (the UserId and the stream type). */
  label: string;
  /** Its place in the layout's order (tiles are laid out by ascending index). */
  index: number;
  /** ms from the start of the file, sorted; `to` > `from`. */
  spans: { from: number; to: number; audio: boolean; video: boolean }[];
}

/** Where the stream of `index` is drawn in a custom layout (output pixels); higher `zOrder` on top. */
export interface LayoutRegion {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  zOrder: number;
  /** Opacity, (0, 1]. */
  alpha: number;
}

/**
 * From `from` (ms into the file) on, streams are laid out by these regions, or around a main stream (`featured`:
 * LayoutMode 1 vertical, 3 side by side), or in the automatic grid without either.
 */
export interface LayoutPeriod {
  from: number;
  regions?: LayoutRegion[];
  /** `mainIndex`: the track shown large; absent or not showing video: the lowest index that is. */
  featured?: { mode: FeaturedMode; mainIndex?: number };
}

/** How a file is encoded (a recording's EncodeConfig, with its defaults filled in). */
export interface EncodeSettings {
  width: number;
  height: number;
  fps: number;
  gopSeconds: number;
  /** H.264, or H.265 for ByteVC1 (the nearest codec a stock ffmpeg has). */
  videoCodec: 'h264' | 'h265';
  /** 0: the encoder's choice. */
  videoKbps: number;
  audioKbps: number;
  sampleRate: number;
  channels: 1 | 2;
}

/** A file to render: the room's timeline over `durationMs`, in its layouts. */
export interface RenderJob extends EncodeSettings {
  /** Where the MP4 is written (a file the worker creates). */
  output: string;
  durationMs: number;
  /** MediaType 1: audio only, no video stream in the file. */
  audioOnly: boolean;
  /** Canvas colour, `#RRGGBB`. */
  background: string;
  /** Sorted by `from`; none, or none from 0: the automatic grid until the first. */
  layouts: LayoutPeriod[];
  tracks: MediaTrack[];
}

/** What ffprobe reads from a produced file (RecordFileList's media fields). */
export interface ProbedFile {
  durationMs: number;
  size: number;
  audioCodec?: string;
  videoCodec?: string;
  width?: number;
  height?: number;
}

/**
 * Makes media files. No media flows through this server, so the default worker renders synthetic media that follows
 * the room's timeline: a moving test pattern per published video stream labelled with its UserId, a tone per
 * published audio stream, black and silence where nothing is published. A real media plane plugs in here.
 */
export interface MediaWorker {
  /** Whether the worker can run here (its tools exist); throws an Error saying why not. */
  check(): Promise<void>;
  render(job: RenderJob, signal?: AbortSignal): Promise<void>;
  /**
   * Writes the rendered MP4 at `source` again as `format` at `output` (HLS: its segments beside the playlist, named
   * after it); resolves with every file written, the playlist first.
   */
  convert(
    source: string,
    format: Exclude<OutputFormat, 'MP4'>,
    output: string,
    options: { audioKbps: number },
    signal?: AbortSignal,
  ): Promise<string[]>;
  probe(path: string, signal?: AbortSignal): Promise<ProbedFile>;
}
