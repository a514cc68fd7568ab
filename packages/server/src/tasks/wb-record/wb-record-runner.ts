import { WHITEBOARD_BUCKET } from '../../whiteboard/transcode-model.js';
import type { PageCapture } from '../page-capture.js';
import { recordFileName } from '../recording/record-file-name.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { TaskRunner } from '../task-runner.js';
import type { TaskStorage } from '../task-storage.js';
import { shownUrl } from '../web-record/page-loader.js';
import { WB_RECORD_MAX_MS, type WbRecordSpec } from './wb-record-spec.js';

/** Where whiteboard recordings are stored (our choice: the console configures it in the real service). */
export const WB_RECORD_STORAGE: TaskStorage = { type: 'object', bucket: WHITEBOARD_BUCKET, vendor: 'tos' };
/** The file's name under `record/<AppId>/<RoomId>/` (our choice, after a mixed recording's default). */
const WB_RECORD_PATTERN = '{TaskId}_{StartTime}_{Duration}';
const VIDEO = { width: 1280, height: 720 };
const CAPTION = 'whiteboard recording';

/**
 * Whiteboard recording on the task engine, a recording like the others (docs/data-and-tail.md): no strokes reach
 * this server, so its video is a stand-in made when the task stops, as long as it ran: the custom UI page
 * (SourceURL: loaded at start, a page that does not load fails the start) shown by its title and URL, or else the
 * default board labelled with its room, task and recorder. No callback is documented for it; none is sent.
 */
export class WbRecordRunner implements TaskRunner {
  readonly kind = 'wb-record' as const;
  readonly events = {};
  readonly #capture: PageCapture;

  constructor(capture: PageCapture) {
    this.#capture = capture;
  }

  limits() {
    // A board has no streams: no idle rule (our choice). The run limit ends it as a recording's MaxRecordTime does.
    return { maxIdleMs: 0, maxRunMs: WB_RECORD_MAX_MS };
  }

  follows(): boolean {
    return false;
  }

  async prepare(row: TaskRow): Promise<void> {
    const spec = row.spec as WbRecordSpec;
    await this.#capture.check(WB_RECORD_STORAGE);
    if (spec.sourceUrl !== '') await this.#capture.load(row, spec.sourceUrl);
  }

  async finish(row: TaskRow, signal: AbortSignal): Promise<TaskFile[]> {
    const spec = row.spec as WbRecordSpec;
    const durationMs = Math.max(0, row.endTime - row.startTime);
    const name = recordFileName(
      WB_RECORD_PATTERN,
      { taskId: row.taskId, roomId: row.roomId, startTime: row.startTime, durationMs },
      'mp4',
    );
    const place = { name, prefix: `record/${row.appId}/${row.roomId}/` };
    const scene = await this.#scene(row, spec);
    return [await this.#capture.record(row, WB_RECORD_STORAGE, place, scene, VIDEO, signal)];
  }

  async #scene(row: TaskRow, spec: WbRecordSpec) {
    if (spec.sourceUrl === '') {
      return {
        title: `Whiteboard of room ${row.roomId}`,
        url: `task ${row.taskId}, recorded as ${spec.userId}`,
        caption: CAPTION,
      };
    }
    const page = await this.#capture.loaded(row);
    return { title: page?.title || '(untitled page)', url: shownUrl(page?.url ?? spec.sourceUrl), caption: CAPTION };
  }
}
