import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaWorker } from '../../media/media-worker.js';
import type { PageRecorder } from '../../media/page-video.js';
import { recordFileName } from '../recording/record-file-name.js';
import type { TaskFile, TaskKey, TaskRow } from '../task-model.js';
import type { TaskRunner } from '../task-runner.js';
import { checkTool, storedWhere, type TaskFiles } from '../task-storage.js';
import { loadPage, shownUrl, type LoadedPage } from './page-loader.js';
import { runLimitSeconds, type WebRecordSpec } from './web-record-spec.js';

export interface WebRecordRunnerDeps {
  recorder: PageRecorder;
  /** Reads what the stored file holds (ffprobe). */
  media: Pick<MediaWorker, 'probe'>;
  files: TaskFiles;
  /** How long a page may take to load (wall ms), default 10 s. */
  pageTimeoutMs?: number;
}

/** The recording's frame rate (our choice). */
const FPS = 15;
/** The file's name (our choice, after a mixed recording's default). */
const WEB_RECORD_PATTERN = '{TaskId}_{StartTime}_{Duration}';

/**
 * Web-page recording on the task engine: the page is loaded when the task starts (a page that does not load fails
 * the start: Status 4, StartTaskFailed), and when it stops a video of the page (its title and URL rendered: the
 * stand-in for a browser capture) as long as the task ran is stored. No callback is documented for it.
 */
export class WebRecordRunner implements TaskRunner {
  readonly kind = 'web-record' as const;
  readonly events = {};
  readonly #deps: WebRecordRunnerDeps;

  constructor(deps: WebRecordRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    // No room: no idle rule. The limit ends the recording as asked (our choice of reason: the catch-all).
    return { maxIdleMs: 0, maxRunMs: runLimitSeconds(spec as WebRecordSpec) * 1000 };
  }

  follows(): boolean {
    return false;
  }

  async prepare(row: TaskRow): Promise<void> {
    const spec = row.spec as WebRecordSpec;
    await checkTool(this.#deps.recorder, 'the page recorder');
    await this.#deps.files.checkWritable(spec.storage);
    const page = await loadPage(spec.inputUrl, this.#deps.pageTimeoutMs ?? 10_000);
    // Kept beside the work directory so that a restart still knows the page's title when it makes the file.
    await mkdir(this.#pagesDir(), { recursive: true });
    await writeFile(this.#pageFile(row), JSON.stringify(page));
  }

  async finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]> {
    const spec = row.spec as WebRecordSpec;
    const durationMs = Math.max(0, row.endTime - row.startTime);
    const page = await this.#page(row, spec);
    const name = recordFileName(
      WEB_RECORD_PATTERN,
      { taskId: row.taskId, roomId: '', startTime: row.startTime, durationMs },
      'mp4',
    );
    let probed: Awaited<ReturnType<WebRecordRunnerDeps['media']['probe']>> | undefined;
    const render = async (output: string) => {
      try {
        await this.#deps.recorder.render(
          { output, ...spec.video, fps: FPS, durationMs: Math.max(durationMs, 1000 / FPS), ...page },
          signal,
        );
      } catch (error) {
        if (signal.aborted) throw error;
        throw new Error('rendering the page recording failed', { cause: error });
      }
      probed = await this.#deps.media.probe(output, signal);
    };
    const stored = await this.#deps.files.makeAndStore(spec.storage, name, 'the web recording', render, signal);
    // Closing: the task stays stopping and the next start makes its file.
    if (!stored || !probed) throw new Error('the server closed while the web recording was being made');
    await rm(this.#pageFile(row), { force: true });
    return [
      {
        ...storedWhere(stored),
        Duration: probed.durationMs,
        Size: stored.size,
        StartTime: row.startTime,
        StreamList: [],
        ...(probed.audioCodec && { AudioCodec: probed.audioCodec }),
        ...(probed.videoCodec && { VideoCodec: probed.videoCodec }),
        ...(probed.width !== undefined && { VideoWidth: probed.width }),
        ...(probed.height !== undefined && { VideoHeight: probed.height }),
      },
    ];
  }

  /** The page as loaded at start; a title left untold (its note lost) is the URL's. */
  async #page(row: TaskRow, spec: WebRecordSpec): Promise<{ title: string; url: string }> {
    let page: LoadedPage | undefined;
    try {
      page = JSON.parse(await readFile(this.#pageFile(row), 'utf8')) as LoadedPage;
    } catch {
      page = undefined;
    }
    const url = shownUrl(page?.url ?? spec.inputUrl);
    return { title: page?.title || '(untitled page)', url };
  }

  #pagesDir(): string {
    return join(this.#deps.files.workDir, 'pages');
  }

  #pageFile(key: TaskKey): string {
    const id = createHash('sha256').update(`${key.appId}\u0000${key.taskId}`).digest('hex').slice(0, 32);
    return join(this.#pagesDir(), `${id}.json`);
  }
}
