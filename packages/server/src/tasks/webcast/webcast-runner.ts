import type { OutboundFetch } from '../../net/guarded-fetch.js';
import type { VirtualMembers } from '../../rooms/virtual-members.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskFailure, TaskRunner } from '../task-runner.js';
import { WebcastSession } from './webcast-session.js';
import type { WebcastSpec } from './webcast-spec.js';

export interface WebcastRunnerDeps {
  members: Pick<VirtualMembers, 'join'>;
  /** How the page is fetched (the operator's fetch policy). */
  fetch: OutboundFetch;
  /** Default 10 000 ms. */
  loadTimeoutMs?: number;
  /** Task-time ms between failed loads; default 2000. */
  retryMs?: number;
}

/** Webcasts (StartWebcast) on the task engine: no idle rule, MaxRunningTime ends them (ExceedMaxRunningTime). */
export class WebcastRunner implements TaskRunner {
  readonly kind = 'webcast' as const;
  readonly events: TaskRunner['events'] = {
    started: { name: 'WebcastStarted', data: (row, failure) => this.startedEventData(row, failure) },
    stopped: { name: 'WebcastStopped', data: (row, failure) => this.stoppedEventData(row, failure) },
  };
  readonly #deps: WebcastRunnerDeps;

  constructor(deps: WebcastRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    const s = spec as WebcastSpec;
    return { maxIdleMs: 0, maxRunMs: s.maxRunningSeconds * 1000, runLimitReason: 'ExceedMaxRunningTime' as const };
  }

  follows(spec: unknown, stream: { userId: string }): boolean {
    return stream.userId === (spec as WebcastSpec).userId;
  }

  async prepare(): Promise<void> {}

  live(ctx: LiveTaskContext): LiveTask {
    return new WebcastSession(ctx, {
      members: this.#deps.members,
      fetch: this.#deps.fetch,
      loadTimeoutMs: this.#deps.loadTimeoutMs ?? 10_000,
      retryMs: this.#deps.retryMs ?? 2000,
      eventBase: () => this.#base(ctx.row),
    });
  }

  async finish(row: TaskRow): Promise<TaskFile[]> {
    return row.files;
  }

  startedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return { ...this.#base(row), Code: failure ? 1 : 0, ErrorMessage: failure?.message ?? '' };
  }

  stoppedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    return { ...this.startedEventData(row, failure), StopReason: row.stopReason };
  }

  #base(row: TaskRow): Record<string, unknown> {
    const spec = row.spec as WebcastSpec;
    return {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: row.roomId,
      TaskId: row.taskId,
      UserId: spec.userId,
    };
  }
}
