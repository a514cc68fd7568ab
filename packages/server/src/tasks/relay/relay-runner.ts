import type { MediaWorker } from '../../media/media-worker.js';
import type { OutboundCheck } from '../../net/guarded-fetch.js';
import type { VirtualMembers } from '../../rooms/virtual-members.js';
import type { TaskFile, TaskKey, TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskFailure, TaskRunner } from '../task-runner.js';
import { RelaySession } from './relay-session.js';
import { RELAY_MAX_MS, RelayReason, type RelaySpec } from './relay-spec.js';

export interface RelayRunnerDeps {
  media: Pick<MediaWorker, 'check'>;
  ffmpeg: () => string;
  members: Pick<VirtualMembers, 'join'>;
  /** The operator's fetch policy, applied to a network source's host before the relay starts. */
  checkUrl?: OutboundCheck;
  /** Wall-clock ms a source has to open (and a network read to answer) in; default 10 000. */
  openTimeoutMs?: number;
}

const keyOf = (k: TaskKey): string => `${k.appId}\u0000${k.roomId}\u0000${k.taskId}`;

const REASON_OF: Partial<Record<string, number>> = {
  StopByAPI: RelayReason.None,
  ExceedMaxRunningTime: RelayReason.MaxRunningTime,
  UserDisconnect: RelayReason.UserRemoved,
  IdleTimeOut: RelayReason.Idle,
};

/**
 * Relayed online media streams (StartRelayStream) on the task engine: the live session reads the source and its
 * virtual user publishes it in the room; RelayStreamStateChanged tells every Status change; 72 h at most.
 */
export class RelayRunner implements TaskRunner {
  readonly kind = 'relay' as const;
  readonly events: TaskRunner['events'] = {
    started: { name: 'RelayStreamStateChanged', data: (row, failure) => this.startedEventData(row, failure) },
    stopped: { name: 'RelayStreamStateChanged', data: (row, failure) => this.stoppedEventData(row, failure) },
  };
  readonly #deps: RelayRunnerDeps;
  readonly #sessions = new Map<string, RelaySession>();
  /** Why a task is ending, said by its session before it ends it. */
  readonly #endings = new Map<string, { reason: number; message: string }>();

  constructor(deps: RelayRunnerDeps) {
    this.#deps = deps;
  }

  limits() {
    // No engine idle rule: a relay's user publishes once its source flows; a source that stalls ends it.
    return { maxIdleMs: 0, maxRunMs: RELAY_MAX_MS, runLimitReason: 'ExceedMaxRunningTime' as const };
  }

  follows(spec: unknown, stream: { userId: string }): boolean {
    return stream.userId === (spec as RelaySpec).userId;
  }

  async prepare(row: TaskRow): Promise<void> {
    try {
      await this.#deps.media.check();
      this.#deps.ffmpeg();
    } catch (error) {
      throw new Error('the media worker cannot run on this server', { cause: error });
    }
    const source = (row.spec as RelaySpec).streamUrl;
    if (/^(https?|rtmps?):/i.test(source)) await this.#deps.checkUrl?.(source);
  }

  live(ctx: LiveTaskContext): LiveTask {
    const id = keyOf(ctx.row);
    this.#endings.delete(id);
    const session = new RelaySession(ctx, {
      ffmpeg: this.#deps.ffmpeg(),
      members: this.#deps.members,
      openTimeoutMs: this.#deps.openTimeoutMs ?? 10_000,
      ending: (reason, message) => this.#endings.set(id, { reason, message }),
      eventBase: () => this.#base(ctx.row, ctx.spec() as RelaySpec),
    });
    this.#sessions.set(id, session);
    return {
      updated: (spec) => session.updated(spec),
      stop: async () => {
        await session.stop();
        if (this.#sessions.get(id) === session) this.#sessions.delete(id);
      },
    };
  }

  /** ListRelayStream's Status of a running task: 1 starting, 2 running. */
  status(key: TaskKey): 1 | 2 {
    return this.#sessions.get(keyOf(key))?.status ?? 1;
  }

  async finish(row: TaskRow): Promise<TaskFile[]> {
    return row.files;
  }

  startedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    const base = this.#base(row, row.spec as RelaySpec);
    if (failure) return { ...base, Status: 3, Reason: RelayReason.SourceUnopened, Msg: failure.message };
    return { ...base, Status: 1, Reason: RelayReason.None, Msg: '' };
  }

  stoppedEventData(row: TaskRow, failure?: TaskFailure): Record<string, unknown> {
    const ending = this.#endings.get(keyOf(row));
    this.#endings.delete(keyOf(row));
    const reason =
      ending?.reason ??
      REASON_OF[row.stopReason] ??
      (row.stopReason === 'UnknownStopReason' ? RelayReason.Restarted : RelayReason.None);
    return {
      ...this.#base(row, row.spec as RelaySpec),
      Status: 3,
      Reason: reason,
      Msg: failure?.message ?? ending?.message ?? row.stopReason,
    };
  }

  #base(row: TaskRow, spec: RelaySpec): Record<string, unknown> {
    return {
      AppId: row.appId,
      BusinessId: row.businessId,
      RoomId: row.roomId,
      TaskId: row.taskId,
      UserId: spec.userId,
      StreamUrl: spec.streamUrl,
      StartTimeStamp: spec.startTimeStamp,
    };
  }
}
