import { eventDeliveries, type EventDelivery } from '../events/delivery-inspection.js';
import type { DeliveryLogStore } from '../events/event-store.js';
import { RecordError } from '../store/record-error.js';
import { statusOf, type TaskHistoryEntry, type TaskKey, type TaskKind, type TaskRow } from '../tasks/task-model.js';
import { WHITEBOARD_BUCKET } from '../whiteboard/transcode-model.js';
import type { TaskStore } from '../tasks/task-store.js';

/** The entries a timeline shows at most (its first ones; `total` says how many there are). */
const TIMELINE_LIMIT = 500;

/** One line of a task's timeline as the admin API answers it. */
export interface TimelineEntry {
  /** ISO 8601. */
  at: string;
  entry: TaskHistoryEntry['entry'] | 'error';
  name: string;
  detail: string;
  /** A callback's EventId, with how its deliveries went (none when no subscription took it). */
  eventId?: string;
  deliveries?: EventDelivery[];
}

/** The media tasks' side of administration: the recording switch, fault injection, the task list and timelines. */
export class TaskAdmin {
  readonly #store: TaskStore;
  readonly #log: Pick<DeliveryLogStore, 'deliveriesOfEvent'>;

  constructor(store: TaskStore, log: Pick<DeliveryLogStore, 'deliveriesOfEvent'>) {
    this.#store = store;
    this.#log = log;
  }

  setRecording(appId: string, enabled: boolean) {
    this.#store.setRecordingEnabled(appId, enabled);
    return { appId, recordingEnabled: enabled };
  }

  /** The app's next `count` task starts fail: Status 4, StopReason StartTaskFailed, the failure callback. */
  failNextStarts(appId: string, count: number) {
    this.#store.setFailNextStarts(appId, count);
    return { appId, failNextStarts: count };
  }

  list(filter: { appId?: string; offset: number; limit: number }) {
    const { total, rows } = this.#store.list(filter);
    return { total, tasks: rows.map(taskView) };
  }

  /** A task with its timeline: its state changes, the callbacks it sent and how they were delivered, its files. */
  timeline(kind: TaskKind, key: TaskKey) {
    const row = this.#store.get(kind, key);
    if (!row)
      throw new RecordError(
        'not-found',
        `there is no ${kind} task with taskId ${key.taskId} in room ${key.roomId}`,
        'taskId',
      );
    const { total, entries } = this.#store.history(kind, key, TIMELINE_LIMIT);
    return {
      task: taskView(row),
      total,
      // A callback's detail is its EventId.
      timeline: entries.map(({ at, entry, name, detail }) =>
        entry === 'callback'
          ? timelineEntry(this.#log, { at, entry, name, detail: '', eventId: detail })
          : timelineEntry(this.#log, { at, entry, name, detail, eventId: '' }),
      ),
    };
  }
}

/** A timeline line; with an EventId, the deliveries of that callback. */
export function timelineEntry(
  log: Pick<DeliveryLogStore, 'deliveriesOfEvent'>,
  line: { at: number; entry: TimelineEntry['entry']; name: string; detail: string; eventId: string },
): TimelineEntry {
  const { at, entry, name, detail, eventId } = line;
  const view: TimelineEntry = { at: new Date(at).toISOString(), entry, name, detail };
  if (eventId !== '') {
    view.eventId = eventId;
    view.deliveries = eventDeliveries(log, eventId);
  }
  return view;
}

function taskView(row: TaskRow) {
  // Whiteboard recordings store in one fixed bucket; the other kinds name theirs in their storage spec.
  const bucket = row.kind === 'wb-record' ? WHITEBOARD_BUCKET : bucketOf(row.spec);
  return {
    kind: row.kind,
    appId: row.appId,
    roomId: row.roomId,
    taskId: row.taskId,
    businessId: row.businessId,
    apiVersion: row.apiVersion,
    phase: row.phase,
    status: statusOf(row.phase),
    startTime: row.startTime,
    endTime: row.endTime,
    stopReason: row.stopReason,
    files: row.files,
    // The bucket of files named by ObjectKey (VOD files have a Vid instead): the console shows them from the store.
    ...(bucket !== undefined && { bucket }),
    ...(row.error && { error: row.error }),
  };
}

/** Where a task's keyed files are: its object storage bucket, or veImageX's `imagex`; undefined for VOD or none. */
function bucketOf(spec: unknown): string | undefined {
  const storage = (spec as { storage?: { type?: string; bucket?: string } } | null)?.storage;
  if (storage?.type === 'object') return storage.bucket;
  if (storage?.type === 'imagex') return 'imagex';
  return undefined;
}
