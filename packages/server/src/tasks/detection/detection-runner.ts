import { randomUUID } from 'node:crypto';
import type { Awaitable } from '../../awaitable.js';
import type { ModerationStore } from '../../moderation/moderation-store.js';
import type { ResultPoster } from '../../moderation/result-poster.js';
import { reviewCallback } from '../../moderation/review-callback.js';
import { classify, type CaptureWindow } from '../../moderation/verdict.js';
import { PeriodicWork } from '../periodic-work.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import type { LiveTask, LiveTaskContext, TaskRunner } from '../task-runner.js';
import type { LiveStream } from '../room-presence.js';
import { followsMedia, MAX_ROOM_STREAMS, type DetectionSpec } from './detection-spec.js';

export interface DetectionRunnerDeps {
  /** The operator's verdict rules and the results log. */
  store: ModerationStore;
  poster: ResultPoster;
  /** The secret results are signed with: the app's primary AppKey. */
  appKeyOf(appId: string): Awaitable<string | undefined>;
  /** Unix ms. */
  now(): number;
}

/**
 * Content moderation on the task engine (docs/moderation.md). While the task runs, every Interval (snapshots) and
 * every Duration (audio slices) of task time it looks at the followed streams through live presence, asks the
 * operator's rules for a verdict on each publishing user's capture, records the result and POSTs it to the task's
 * Callback (violations only, or every result with CallbackType 1). Detection has no console events.
 */
export class DetectionRunner implements TaskRunner {
  readonly kind = 'detection' as const;
  readonly events = {};
  readonly #deps: DetectionRunnerDeps;

  constructor(deps: DetectionRunnerDeps) {
    this.#deps = deps;
  }

  limits(spec: unknown) {
    return { maxIdleMs: (spec as DetectionSpec).idleSeconds * 1000, maxRunMs: 0 };
  }

  follows(spec: unknown, stream: LiveStream): boolean {
    return followsMedia(spec as DetectionSpec, stream);
  }

  async prepare(row: TaskRow): Promise<void> {
    if (!(await this.#deps.appKeyOf(row.appId))) throw new Error(`app ${row.appId} has no AppKey to sign results with`);
  }

  live(context: LiveTaskContext): LiveTask {
    const spec = context.spec() as DetectionSpec;
    const works: PeriodicWork[] = [];
    if ((spec.mediaType & 1) !== 0) works.push(this.#capturing(context, 1, spec.intervalMs));
    if ((spec.mediaType & 2) !== 0) works.push(this.#capturing(context, 2, spec.durationMs));
    return { stop: async () => void (await Promise.all(works.map((work) => work.stop()))) };
  }

  /** Nothing to make: a detection keeps no media. */
  async finish(): Promise<TaskFile[]> {
    return [];
  }

  /** Rounds every `everyMs` of task time, each classifying the window since the last one: [from, to). */
  #capturing(context: LiveTaskContext, mediaType: 1 | 2, everyMs: number): PeriodicWork {
    let from = 0;
    let wallFrom = Date.now();
    const wallEvery = () => context.scale.wallMs(everyMs);
    return new PeriodicWork(
      context,
      wallEvery,
      async () => {
        const to = Math.round(context.scale.taskMs(context.elapsedMs()));
        const wallTo = Date.now();
        const window = { fromMs: from, toMs: to };
        const wallWindow = { from: wallFrom, to: wallTo };
        from = to;
        wallFrom = wallTo;
        await this.#review(context, mediaType, window, wallWindow);
      },
      wallEvery(),
    );
  }

  /** One round: a result per publishing user whose streams carry the media inspected (at most 17 streams). */
  async #review(
    context: LiveTaskContext,
    mediaType: 1 | 2,
    window: CaptureWindow,
    wallWindow: { from: number; to: number },
  ): Promise<void> {
    const { row } = context;
    const spec = context.spec() as DetectionSpec;
    const streams = context
      .followed()
      .slice(0, MAX_ROOM_STREAMS)
      .filter((s) => (mediaType === 1 ? s.video : s.audio));
    const users = [...new Set(streams.map((s) => s.userId))];
    if (users.length === 0) return;
    const { store, poster, now } = this.#deps;
    const rules = store.rules(row.appId, row.roomId);
    const appKey = spec.callback === '' ? undefined : await this.#deps.appKeyOf(row.appId);
    for (const userId of users) {
      const verdict = classify(rules, userId, window);
      const at = now();
      const send = appKey !== undefined && (verdict.suggest === 'REJECT' || spec.callbackType === 1);
      const eventId = randomUUID();
      const id = store.addResult({
        eventId,
        appId: row.appId,
        roomId: row.roomId,
        userId,
        mediaType,
        suggest: verdict.suggest,
        labels: [...new Set(verdict.hits.map((v) => v.label))],
        ...window,
        at,
        delivery: send ? 'pending' : 'not-sent',
      });
      if (!send) continue;
      const capture = { appId: row.appId, roomId: row.roomId, userId, mediaType, window, wallWindow, verdict, at };
      poster.post(id, spec.callback, reviewCallback(capture, eventId, appKey));
    }
  }
}
