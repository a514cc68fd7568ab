import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaWorker, ProbedFile } from '../media/media-worker.js';
import type { PageRecorder } from '../media/page-video.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { TaskFile, TaskRow } from './task-model.js';
import { checkTool, storedWhere, type TaskFiles, type TaskStorage } from './task-storage.js';
import { loadPage, type LoadedPage } from './web-record/page-loader.js';

export interface PageCaptureDeps {
  recorder: PageRecorder;
  /** Reads what the stored file holds (ffprobe). */
  media: Pick<MediaWorker, 'probe'>;
  files: TaskFiles;
  /** How caller-given pages are fetched (the operator's fetch policy, net/guarded-fetch.ts). */
  fetch: OutboundFetch;
  /** How long a page may take to load (wall ms), default 10 s. */
  pageTimeoutMs?: number;
}

/** What a page recording's picture shows (media/page-video.ts): two lines of text and a caption. */
export interface PageScene {
  title: string;
  url: string;
  caption: string;
}

/** The recording's frame rate (our choice). */
const FPS = 15;

/**
 * What the tasks that record a page share (web recording, whiteboard recording): the check at start, the page
 * loaded when the task starts (a page that does not load fails the start) and noted in the work directory so that a
 * restart still knows its title, and, once the task stopped, the page's video as long as the task ran, stored and
 * read back with ffprobe.
 */
export class PageCapture {
  readonly #deps: PageCaptureDeps;

  constructor(deps: PageCaptureDeps) {
    this.#deps = deps;
  }

  /** Throws an Error saying why when the recorder cannot run or the storage cannot be written. */
  async check(storage: TaskStorage): Promise<void> {
    await checkTool(this.#deps.recorder, 'the page recorder');
    await this.#deps.files.checkWritable(storage);
  }

  /** Loads the task's page (throws an Error saying why it did not load) and notes what was loaded. */
  async load(row: TaskRow, url: string): Promise<void> {
    const page = await loadPage(url, this.#deps.pageTimeoutMs ?? 10_000, this.#deps.fetch);
    await mkdir(this.#notesDir(), { recursive: true });
    await writeFile(this.#noteFile(row), JSON.stringify(page));
  }

  /** The page as loaded at the task's start; undefined when its note is lost. */
  async loaded(row: TaskRow): Promise<LoadedPage | undefined> {
    try {
      return JSON.parse(await readFile(this.#noteFile(row), 'utf8')) as LoadedPage;
    } catch {
      return undefined;
    }
  }

  /**
   * Renders the scene for as long as the task ran (`video` size) and stores it under `name` (`prefix` as folders).
   * Throws when the server closes meanwhile (the task stays stopping and the next start makes its file).
   */
  async record(
    row: TaskRow,
    storage: TaskStorage,
    place: { name: string; prefix?: string },
    scene: PageScene,
    video: { width: number; height: number },
    signal: AbortSignal,
  ): Promise<TaskFile> {
    const durationMs = Math.max(0, row.endTime - row.startTime);
    let probed: ProbedFile | undefined;
    const render = async (output: string) => {
      try {
        await this.#deps.recorder.render(
          { output, ...video, fps: FPS, durationMs: Math.max(durationMs, 1000 / FPS), ...scene },
          signal,
        );
      } catch (error) {
        if (signal.aborted) throw error;
        throw new Error(`rendering the ${scene.caption} failed`, { cause: error });
      }
      probed = await this.#deps.media.probe(output, signal);
    };
    const { files } = this.#deps;
    const stored = await files.makeAndStore(storage, place.name, `the ${scene.caption}`, render, signal, place.prefix);
    if (!stored || !probed) throw new Error(`the server closed while the ${scene.caption} was being made`);
    await rm(this.#noteFile(row), { force: true });
    return {
      ...storedWhere(stored),
      Duration: probed.durationMs,
      Size: stored.size,
      StartTime: row.startTime,
      StreamList: [],
      ...(probed.audioCodec && { AudioCodec: probed.audioCodec }),
      ...(probed.videoCodec && { VideoCodec: probed.videoCodec }),
      ...(probed.width !== undefined && { VideoWidth: probed.width }),
      ...(probed.height !== undefined && { VideoHeight: probed.height }),
    };
  }

  #notesDir(): string {
    return join(this.#deps.files.workDir, 'pages');
  }

  #noteFile(row: TaskRow): string {
    const id = createHash('sha256')
      .update([row.kind, row.appId, row.roomId, row.taskId].join('\u0000'))
      .digest('hex')
      .slice(0, 32);
    return join(this.#notesDir(), `${id}.json`);
  }
}
