import type { CallbackEvents } from '../events/outbox-writer.js';
import type { TaskFile, TaskKey, TaskKind, TaskPhase, TaskRow } from './task-model.js';
import type { TaskFailure, TaskRunner } from './task-runner.js';
import type { PhaseChange, TaskStore } from './task-store.js';

type TaskRef = TaskKey & { kind: TaskKind };

/**
 * Writes a task's timeline (the console's view of it, `media_task_history`) beside what it tells of: each state
 * change, each callback the task sends (enqueued here, so its EventId is kept and the delivery can be looked up)
 * and each file it stores. Call it inside the transaction that writes the change, so both commit or neither.
 */
export class TaskHistory {
  readonly #store: Pick<TaskStore, 'appendHistory' | 'update'>;
  readonly #events: CallbackEvents;

  constructor(store: Pick<TaskStore, 'appendHistory' | 'update'>, events: CallbackEvents) {
    this.#store = store;
    this.#events = events;
  }

  /** Writes a phase change of the task's row and notes it, with its stop reason and error when it has them. */
  changePhase(task: TaskRef, change: PhaseChange, at: number): void {
    this.#store.update(task.kind, task, change, at);
    this.state(task, change.phase, at, change.stopReason ?? '', change.error ?? '');
  }

  /** Notes that the task is now in `phase`; `detail` says why (a stop reason, an error). */
  state(task: TaskRef, phase: TaskPhase, at: number, ...detail: string[]): void {
    const why = detail.filter((d) => d !== '').join(': ');
    this.#store.appendHistory(task.kind, task, { at, entry: 'state', name: phase, detail: why });
  }

  /** Enqueues a callback of the task and notes it (with its EventId, '' when no subscription took it). */
  event(task: TaskRef, eventType: string, eventData: Record<string, unknown>, at: number): void {
    const eventId = this.#events.enqueue({ appId: task.appId, eventType, eventData, at });
    this.#store.appendHistory(task.kind, task, { at, entry: 'callback', name: eventType, detail: eventId ?? '' });
  }

  /** The task's started or stopped callback; a kind without that event sends none (and builds no payload). */
  tell(runner: TaskRunner, which: 'started' | 'stopped', row: TaskRow, at: number, failure?: TaskFailure): void {
    const told = runner.events[which];
    if (told) this.event(row, told.name, told.data(row, failure), at);
  }

  file(task: TaskRef, file: TaskFile, at: number): void {
    const name = file.ObjectKey ?? file.Vid ?? '';
    this.#store.appendHistory(task.kind, task, { at, entry: 'file', name, detail: `${file.Size} bytes` });
  }
}
