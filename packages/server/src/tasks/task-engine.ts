import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.js';
import type { TransactionalEvents } from '../events/outbox-writer.js';
import type { RoomPresence } from './room-presence.js';
import { StreamTimeline } from './stream-timeline.js';
import {
  isActive,
  pendingTaskRow,
  type StopReason,
  type TaskFile,
  type TaskKey,
  type TaskKind,
  type TaskRow,
} from './task-model.js';
import { TaskHistory } from './task-history.js';
import { TaskQueue } from './task-queue.js';
import { startLive } from './live-task.js';
import { keysByKind, limitReached, queueKey, type Running } from './running-task.js';
import type { TaskFailure, TaskRunner } from './task-runner.js';
import type { TaskStore } from './task-store.js';
import type { TimeScale } from './time-scale.js';

export interface TaskEngineDeps {
  store: TaskStore;
  /** The callback outbox, and the transaction that writes a task's state with its callback rows (OutboxWriter). */
  events: TransactionalEvents;
  presence: RoomPresence;
  runners: readonly TaskRunner[];
  /** Unix ms. */
  now: () => number;
  scale: TimeScale;
  logger?: Logger;
  /** How often live presence is sampled and the timers checked (wall-clock ms), default 50. */
  tickMs?: number;
  /** How often a running task's sign of life is written (wall-clock ms), default 1000. */
  aliveEveryMs?: number;
}

/** What a Start asks for. */
export interface StartInput {
  businessId: string;
  apiVersion: string;
  spec: unknown;
}

const RESTARTED = 'the server restarted before the task started';
const FAILED_ON_PURPOSE = 'the task failed to start (fault injected through the admin API)';

/**
 * The one engine of every media task: states and their rows, per-task serialisation, the callbacks written in the
 * same transaction as the state they tell of, the idle and run-time limits on the (scaled) task clock, presence
 * sampled into each running task's timeline, and on start-up the tasks a previous run left unfinished.
 */
export class TaskEngine {
  readonly #deps: TaskEngineDeps;
  readonly #runners = new Map<TaskKind, TaskRunner>();
  readonly #history: TaskHistory;
  readonly #queue = new TaskQueue();
  readonly #running = new Map<string, Running>();
  /** Tasks whose files are being made: aborted, then awaited, when the engine closes. */
  readonly #finishing = new Map<string, { abort: AbortController; done: Promise<void> }>();
  #timer: NodeJS.Timeout | undefined;
  #lastAlive = 0;
  #closed = false;

  constructor(deps: TaskEngineDeps) {
    this.#deps = deps;
    this.#history = new TaskHistory(deps.store, deps.events);
    for (const runner of deps.runners) this.#runners.set(runner.kind, runner);
  }

  get store(): TaskStore {
    return this.#deps.store;
  }

  get(kind: TaskKind, key: TaskKey): TaskRow | undefined {
    return this.#deps.store.get(kind, key);
  }

  /** Starts a task; `alreadyRunning` when the key names an active task (its row is left as it is). */
  start(kind: TaskKind, key: TaskKey, input: StartInput): Promise<'started' | 'alreadyRunning'> {
    return this.#queue.run(queueKey(kind, key), () => {
      const { store, now } = this.#deps;
      const existing = store.get(kind, key);
      if (existing && isActive(existing.phase)) return 'alreadyRunning' as const;
      const at = now();
      this.#write(() => {
        store.put(pendingTaskRow(kind, key, input, at), at);
        this.#history.state({ kind, ...key }, 'pending', at);
      });
      // The task runs right after the answer: Status 1 until then, and its RecordStarted tells how it went.
      void this.#queue.run(queueKey(kind, key), () => this.#begin(kind, key));
      return 'started' as const;
    });
  }

  /**
   * Replaces an active task's spec (UpdateRecord); `change` gets the moment of the update in ms into the task.
   * ErrorActiveTaskNotFound when none.
   */
  update(kind: TaskKind, key: TaskKey, change: (spec: unknown, atMs: number) => unknown): Promise<void> {
    return this.#queue.run(queueKey(kind, key), () => {
      const row = this.#activeRow(kind, key, ['pending', 'running']);
      const spec = change(row.spec, row.startTime === 0 ? 0 : Math.max(0, this.#deps.now() - row.startTime));
      this.#deps.store.update(kind, key, { phase: row.phase, spec }, this.#deps.now());
      const running = this.#running.get(queueKey(kind, key));
      if (running) {
        running.spec = spec;
        running.live?.task.updated?.(spec);
      }
    });
  }

  /** Stops an active task with StopByAPI; ErrorActiveTaskNotFound when none. */
  stop(kind: TaskKind, key: TaskKey): Promise<void> {
    return this.#queue.run(queueKey(kind, key), () => {
      this.#activeRow(kind, key, ['pending', 'running']);
      this.#stopNow(kind, key, 'StopByAPI');
    });
  }

  /** Finishes what a previous run left: unstarted tasks fail, running ones end where they were last alive. */
  recover(): void {
    const { store } = this.#deps;
    for (const row of store.active()) {
      const runner = this.#runners.get(row.kind);
      if (!runner) continue;
      if (row.phase === 'pending') {
        this.#fail(runner, row, 'StartTaskFailed', { message: RESTARTED }, 'started');
        continue;
      }
      if (row.phase === 'running') {
        const timeline = new StreamTimeline(row.timeline);
        const endTime = Math.max(row.aliveAt, row.startTime);
        timeline.close(endTime - row.startTime);
        const change = {
          phase: 'stopping',
          stopReason: 'UnknownStopReason',
          endTime,
          timeline: timeline.spans,
        } as const;
        this.#write(() => this.#history.changePhase(row, change, this.#deps.now()));
        this.#deps.logger?.info({ taskId: row.taskId, kind: row.kind }, 'ending a task the previous run left running');
      }
      this.#finish(row.kind, row);
    }
  }

  /** Stops sampling and aborts rendering; unfinished tasks stay in their rows for the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    const at = this.#deps.now();
    for (const [kind, keys] of keysByKind(this.#running.values())) this.#deps.store.touch(kind, keys, at);
    // Live work (pushes, relays, snapshots, slices) stops with the server; the tasks stay running in their rows
    // for the next start, which finishes them.
    const lives = [...this.#running.values()].flatMap((r) => (r.live ? [r.live] : []));
    for (const live of lives) live.abort.abort();
    await Promise.all(lives.map((live) => live.task.stop()));
    const finishing = [...this.#finishing.values()];
    for (const f of finishing) f.abort.abort();
    await Promise.all(finishing.map((f) => f.done));
    await this.#queue.idle();
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  #activeRow(kind: TaskKind, key: TaskKey, phases: readonly TaskRow['phase'][]): TaskRow {
    const row = this.#deps.store.get(kind, key);
    if (!row || !phases.includes(row.phase)) {
      throw new ApiError(
        'InvalidParameter.ErrorActiveTaskNotFound',
        `no active task ${key.taskId} in room ${key.roomId} (unknown, or already stopped)`,
      );
    }
    return row;
  }

  async #begin(kind: TaskKind, key: TaskKey): Promise<void> {
    const { store, now } = this.#deps;
    const row = store.get(kind, key);
    const runner = this.#runners.get(kind);
    if (!row || row.phase !== 'pending' || !runner || this.#closed) return;
    if (store.takeStartFailure(row.appId)) {
      this.#fail(runner, row, 'StartTaskFailed', { message: FAILED_ON_PURPOSE }, 'started');
      return;
    }
    try {
      await runner.prepare(row);
    } catch (error) {
      this.#fail(runner, row, 'StartTaskFailed', { message: messageOf(error) }, 'started');
      return;
    }
    const startTime = now();
    const timeline = new StreamTimeline();
    const spec = row.spec;
    timeline.observe(this.#followed(runner, spec, key), 0);
    this.#write(() => {
      const change = { phase: 'running', startTime, aliveAt: startTime, timeline: timeline.spans } as const;
      this.#history.changePhase(row, change, startTime);
      this.#history.tell(runner, 'started', { ...row, startTime }, now());
    });
    const running: Running = {
      kind,
      key,
      spec,
      startTime,
      timeline,
      idleSince: timeline.publishing() ? undefined : startTime,
      stopping: false,
    };
    this.#running.set(queueKey(kind, key), running);
    if (runner.live) {
      try {
        running.live = startLive(runner, { ...row, phase: 'running', startTime }, this.#liveParts(running));
      } catch (error) {
        this.#running.delete(queueKey(kind, key));
        this.#fail(runner, { ...row, startTime }, 'StartTaskFailed', { message: messageOf(error) }, 'stopped');
        return;
      }
    }
    this.#ensureTicking();
  }

  /** What a live task's context acts through: each step runs on the task's queue and does nothing once it stopped. */
  #liveParts(running: Running) {
    const { kind, key } = running;
    const id = queueKey(kind, key);
    return {
      scale: this.#deps.scale,
      spec: () => running.spec,
      elapsedMs: () => this.#deps.now() - running.startTime,
      followed: () => this.#followed(this.#runners.get(kind)!, running.spec, key),
      emit: (eventType: string, eventData: Record<string, unknown>) => {
        if (this.#closed) return;
        const row = this.#deps.store.get(kind, key);
        if (!row || !isActive(row.phase)) return;
        this.#write(() => this.#history.event({ kind, ...key }, eventType, eventData, this.#deps.now()));
      },
      addFile: (file: TaskFile) =>
        void this.#queue.run(id, () => {
          const row = this.#deps.store.get(kind, key);
          if (!row || !isActive(row.phase) || this.#closed) return;
          this.#write(() => {
            this.#deps.store.update(kind, key, { phase: row.phase, files: [...row.files, file] }, this.#deps.now());
            this.#history.file(row, file, this.#deps.now());
          });
        }),
      end: (reason: StopReason, failure?: TaskFailure) => {
        if (this.#running.get(id) !== running || running.stopping) return;
        running.stopping = true;
        void this.#queue.run(id, () => this.#stopNow(kind, key, reason, failure));
      },
    };
  }

  /**
   * Ends a running task now (inside its queue step): its live work stops, the timeline closes and its files are
   * made; with a failure it ends failed instead (a push whose receiver is gone), keeping the files it made.
   */
  #stopNow(kind: TaskKind, key: TaskKey, reason: StopReason, failure?: TaskFailure): void {
    const { store, now } = this.#deps;
    const id = queueKey(kind, key);
    const running = this.#running.get(id);
    const row = store.get(kind, key);
    if (!row || !running || row.phase !== 'running') return;
    this.#running.delete(id);
    let liveStopped: Promise<void> | undefined;
    if (running.live) {
      running.live.abort.abort();
      liveStopped = running.live.task.stop();
    }
    const endTime = now();
    running.timeline.observe(this.#followed(this.#runners.get(kind)!, running.spec, key), endTime - running.startTime);
    running.timeline.close(endTime - running.startTime);
    const change = { phase: 'stopping', stopReason: reason, endTime, aliveAt: endTime } as const;
    this.#write(() => this.#history.changePhase(row, { ...change, timeline: running.timeline.spans }, endTime));
    this.#finish(kind, key, liveStopped, failure);
  }

  /**
   * Makes the files of a stopping task once its live work has stopped, then ends it (Status 3, or 4 when making
   * them failed or the task failed while running) with its callback.
   */
  #finish(kind: TaskKind, key: TaskKey, liveStopped?: Promise<void>, failure?: TaskFailure): void {
    const id = queueKey(kind, key);
    const runner = this.#runners.get(kind);
    const row = this.#deps.store.get(kind, key);
    if (!runner || !row || row.phase !== 'stopping' || this.#finishing.has(id)) return;
    const abort = new AbortController();
    const done = Promise.resolve(liveStopped)
      .then(() => (failure ? undefined : runner.finish(this.#deps.store.get(kind, key) ?? row, abort.signal)))
      .then(
        (files) =>
          this.#queue.run(id, () => {
            const { store, now } = this.#deps;
            const latest = store.get(kind, key) ?? row;
            if (!files) return this.#fail(runner, latest, latest.stopReason, failure!, 'stopped');
            const ended: TaskRow = { ...latest, phase: 'ended', files };
            this.#write(() => {
              this.#history.changePhase(ended, { phase: 'ended', files }, now());
              this.#history.tell(runner, 'stopped', ended, now());
            });
          }),
        (error: unknown) => {
          // Closing: the row stays `stopping` and the next start makes its files.
          if (abort.signal.aborted) return;
          this.#deps.logger?.error({ err: error, taskId: key.taskId, kind }, 'a task could not make its files');
          return this.#queue.run(id, () =>
            this.#fail(runner, row, row.stopReason, { message: messageOf(error) }, 'stopped'),
          );
        },
      );
    const settled = done.then(
      () => undefined,
      (error: unknown) => this.#deps.logger?.error({ err: error, taskId: key.taskId, kind }, 'ending a task failed'),
    );
    this.#finishing.set(id, { abort, done: settled });
    void settled.then(() => this.#finishing.delete(id));
  }

  #fail(
    runner: TaskRunner,
    row: TaskRow,
    reason: StopReason,
    failure: TaskFailure,
    event: 'started' | 'stopped',
  ): void {
    const { now } = this.#deps;
    const at = now();
    const endTime = row.endTime || at;
    const failed: TaskRow = { ...row, phase: 'failed', stopReason: reason, endTime, error: failure.message };
    this.#write(() => {
      this.#history.changePhase(row, { phase: 'failed', stopReason: reason, endTime, error: failure.message }, at);
      this.#history.tell(runner, event, failed, at, failure);
    });
  }

  /** One transaction: the state change and its callback rows; delivery is woken when rows were written. */
  #write(fn: () => void): void {
    this.#deps.events.transaction(fn);
  }

  #followed(runner: TaskRunner, spec: unknown, key: TaskKey) {
    const roomId = runner.roomOf?.(spec) ?? key.roomId;
    return this.#deps.presence.publishedStreams(key.appId, roomId).filter((s) => runner.follows(spec, s));
  }

  #ensureTicking(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => this.#tick(), this.#deps.tickMs ?? 50);
    this.#timer.unref();
  }

  /** Samples presence into every running task's timeline and ends the tasks whose limits ran out. */
  #tick(): void {
    const { store, now, scale } = this.#deps;
    if (this.#running.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const at = now();
    for (const task of this.#running.values()) {
      if (task.stopping) continue;
      const runner = this.#runners.get(task.kind)!;
      if (task.timeline.observe(this.#followed(runner, task.spec, task.key), at - task.startTime)) {
        store.update(task.kind, task.key, { phase: 'running', timeline: task.timeline.spans }, at);
      }
      if (task.timeline.publishing()) task.idleSince = undefined;
      else task.idleSince ??= at;
      const reason = limitReached(task, runner.limits(task.spec), at, scale);
      if (reason === undefined) continue;
      task.stopping = true;
      const stopReason = reason;
      void this.#queue.run(queueKey(task.kind, task.key), () => this.#stopNow(task.kind, task.key, stopReason));
    }
    if (at - this.#lastAlive >= (this.#deps.aliveEveryMs ?? 1000)) {
      this.#lastAlive = at;
      for (const [kind, keys] of keysByKind(this.#running.values())) store.touch(kind, keys, at);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
