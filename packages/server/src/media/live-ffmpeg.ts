import { access, constants } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { findLabelFont, findMediaBinaries, type MediaBinaries } from './media-binaries.js';
import { RenderSlots } from './render-slots.js';
import { runProcess } from './run-process.js';

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
 * The ffmpeg the live media makers (frames, audio slices, the page video) run: the packaged binary, within the
 * shared slots, and the labels' font.
 */
export class LiveFfmpeg {
  readonly #binaries: MediaBinaries | undefined;
  readonly #slots: RenderSlots;
  /** The font labels are drawn with; undefined: no labels. */
  readonly font: string | undefined;

  constructor(options: LiveMediaOptions = {}) {
    this.#binaries = options.binaries;
    this.#slots = options.slots ?? defaultLiveSlots();
    this.font = options.font === null ? undefined : (options.font ?? findLabelFont());
  }

  /** Throws when ffmpeg cannot run here. */
  async check(): Promise<void> {
    await access(this.#path(), constants.X_OK);
  }

  /** Runs ffmpeg with `args` once a slot is free. */
  async run(args: string[], signal?: AbortSignal): Promise<void> {
    await this.#slots.run(() => runProcess(this.#path(), args, signal));
  }

  #path(): string {
    return (this.#binaries ?? findMediaBinaries()).ffmpeg;
  }
}
