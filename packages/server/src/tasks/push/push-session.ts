import { RtmpPush, type PushPhase, type PushStats } from '../../media/rtmp-push.js';
import type { LiveTask, LiveTaskContext } from '../task-runner.js';
import { pushScene, sameScene, StreamIndexes } from './push-scene.js';
import type { PushSpec } from './push-spec.js';

/** `PushStreamState` as Get*Task reports it (research 2). */
export const PushStreamState = {
  Unknown: 0,
  NotPushing: 1,
  FirstConnection: 2,
  Reconnecting: 3,
  Connected: 4,
  Pushing: 5,
  Stopped: 6,
} as const;
export type PushStreamStateCode = (typeof PushStreamState)[keyof typeof PushStreamState];

const STATE_OF: Record<Exclude<PushPhase, 'failed'>, PushStreamStateCode> = {
  connecting: PushStreamState.FirstConnection,
  reconnecting: PushStreamState.Reconnecting,
  connected: PushStreamState.Connected,
  pushing: PushStreamState.Pushing,
};

export interface PushSessionDeps {
  ffmpeg: string;
  font: string | undefined;
  /** Reconnections after a refusal or a loss before the task fails (docs/tasks.md: 3). */
  retries: number;
  /** Task-time ms between attempts (scaled like every task timer). */
  retryDelayMs: number;
  /** How often the room is looked at for a new scene (wall-clock ms). */
  pollMs: number;
  /** The callback data every Transcode* event of this task carries. */
  eventBase(): Record<string, unknown>;
}

/**
 * The live part of a CDN push (or a public stream's): waits for a publisher when asked to, then pushes the room's
 * scene over RTMP, renders a new scene whenever who publishes what or the layout changes, reports PushStreamState
 * (with TranscodeStateChanged on every change) and fails the task when the receiver is gone for good.
 */
export class PushSession implements LiveTask {
  readonly #ctx: LiveTaskContext;
  readonly #deps: PushSessionDeps;
  readonly #indexes: StreamIndexes;
  readonly #timer: NodeJS.Timeout;
  #push: RtmpPush | undefined;
  #scene: ReturnType<typeof pushScene> | undefined;
  #state: PushStreamStateCode = PushStreamState.NotPushing;

  constructor(ctx: LiveTaskContext, deps: PushSessionDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#indexes = new StreamIndexes(ctx.spec() as PushSpec);
    this.#timer = setInterval(() => this.#look(), deps.pollMs);
    this.#look();
  }

  get state(): PushStreamStateCode {
    return this.#state;
  }

  get stats(): PushStats | undefined {
    return this.#push?.stats;
  }

  updated(spec: unknown): void {
    this.#indexes.reset(spec as PushSpec);
    this.#look();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#push?.stop();
    this.#state = PushStreamState.Stopped;
  }

  /** Starts the push once it may, and gives it the room's current scene. */
  #look(): void {
    if (this.#ctx.signal.aborted) return;
    const spec = this.#ctx.spec() as PushSpec;
    const streams = this.#ctx.followed();
    const scene = pushScene(spec, streams, this.#indexes);
    if (!this.#push) {
      if (spec.waitForPublisher && streams.length === 0) return;
      this.#scene = scene;
      this.#push = new RtmpPush({
        ffmpeg: this.#deps.ffmpeg,
        font: this.#deps.font,
        url: spec.pushUrl,
        scene,
        retries: this.#deps.retries,
        retryDelayMs: () => this.#ctx.scale.wallMs(this.#deps.retryDelayMs),
        onPhase: (phase, detail) => this.#phase(phase, detail),
      });
      this.#push.start();
      return;
    }
    if (this.#scene && sameScene(this.#scene, scene)) return;
    this.#scene = scene;
    this.#push.setScene(scene);
  }

  #phase(phase: PushPhase, detail: string): void {
    if (this.#ctx.signal.aborted) return;
    if (phase === 'failed') {
      this.#ctx.end('UnknownStopReason', { message: `the CDN refused or dropped the push: ${detail}` });
      return;
    }
    const state = STATE_OF[phase];
    if (state === this.#state) return;
    this.#state = state;
    this.#ctx.emit('TranscodeStateChanged', {
      ...this.#deps.eventBase(),
      PushStreamState: state,
      Code: phase === 'reconnecting' ? 1 : 0,
      ErrorMessage: detail,
    });
  }
}
