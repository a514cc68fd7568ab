import { recordFileName } from '../recording/record-file-name.js';
import type { PageCapture } from '../page-capture.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { TaskRunner } from '../task-runner.js';
import { shownUrl } from './page-loader.js';
import { runLimitSeconds, type WebRecordSpec } from './web-record-spec.js';

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
  readonly #capture: PageCapture;

  constructor(capture: PageCapture) {
    this.#capture = capture;
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
    await this.#capture.check(spec.storage);
    await this.#capture.load(row, spec.inputUrl);
  }

  async finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]> {
    const spec = row.spec as WebRecordSpec;
    const durationMs = Math.max(0, row.endTime - row.startTime);
    // The page as loaded at start; a title left untold (its note lost) is the URL's.
    const page = await this.#capture.loaded(row);
    const scene = {
      title: page?.title || '(untitled page)',
      url: shownUrl(page?.url ?? spec.inputUrl),
      caption: 'web page recording',
    };
    const name = recordFileName(
      WEB_RECORD_PATTERN,
      { taskId: row.taskId, roomId: '', startTime: row.startTime, durationMs },
      'mp4',
    );
    return [await this.#capture.record(row, spec.storage, { name }, scene, spec.video, signal)];
  }
}
