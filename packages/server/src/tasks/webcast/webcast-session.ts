import type { OutboundFetch } from '../../net/guarded-fetch.js';
import { PresenceError } from '../../rooms/presence-error.js';
import type { VirtualMember, VirtualMembers } from '../../rooms/virtual-members.js';
import type { LiveTask, LiveTaskContext } from '../task-runner.js';
import { loadPage } from './page-load.js';
import { WebcastStatus, type WebcastSpec } from './webcast-spec.js';

export interface WebcastSessionDeps {
  members: Pick<VirtualMembers, 'join'>;
  fetch: OutboundFetch;
  /** Wall-clock ms a page has to load in. */
  loadTimeoutMs: number;
  /** Task-time ms between a failed load and the next one (scaled). */
  retryMs: number;
  eventBase(): Record<string, unknown>;
}

/** Two failed checks in a row refresh the page (Status 4), two more reschedule the task (Status 5): research 3.6. */
const HITS_TO_REFRESH = 2;
const HITS_TO_RESCHEDULE = 4;
/** Two more after the reschedule and the webcast has failed (our choice). */
const HITS_TO_FAIL = 6;

/**
 * The live part of a webcast: the page is really fetched; once it loads, the webcast's user joins the room as a
 * virtual member publishing the page's stream, and `WebcastStateChanged` says Status 1. A page that does not load is
 * a blank page: it is refreshed (4, PageBlank), then the task rescheduled (5, PageBlank), then it fails. With
 * `MonitorConfig.BlankCheckInterval` the page is fetched again at that interval while it runs, under the same rule.
 */
export class WebcastSession implements LiveTask {
  readonly #ctx: LiveTaskContext;
  readonly #deps: WebcastSessionDeps;
  readonly #abort = new AbortController();
  #member: VirtualMember | undefined;
  #misses = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(ctx: LiveTaskContext, deps: WebcastSessionDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
    void this.#check();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    this.#member?.leave();
  }

  async #check(): Promise<void> {
    const spec = this.#ctx.spec() as WebcastSpec;
    const problem = await loadPage(spec.sourceUrl, this.#deps.loadTimeoutMs, this.#deps.fetch, this.#abort.signal);
    if (this.#stopping) return;
    if (problem === undefined) this.#loaded(spec);
    else this.#missed(problem);
    if (this.#stopping) return;
    const every = spec.monitor.BlankCheckInterval * 1000;
    const next = problem !== undefined ? this.#deps.retryMs : every;
    if (next > 0) this.#timer = setTimeout(() => void this.#check(), this.#ctx.scale.wallMs(next));
  }

  #loaded(spec: WebcastSpec): void {
    const first = this.#member === undefined;
    const recovered = this.#misses >= HITS_TO_REFRESH;
    this.#misses = 0;
    if (first) {
      try {
        this.#member = this.#deps.members.join(
          { appId: this.#ctx.row.appId, roomId: this.#ctx.row.roomId, userId: spec.userId, deviceType: 'webcast' },
          { onEnded: () => queueMicrotask(() => !this.#stopping && this.#ctx.end('UnknownStopReason')) },
        );
        this.#member.publish('main', { audio: true, video: true }, spec.videoSolutions[0]?.Height ?? 720);
      } catch (error) {
        const message = error instanceof PresenceError ? error.message : String(error);
        this.#ctx.end('StartTaskFailed', { message: `the webcast user cannot join the room: ${message}` });
        return;
      }
    }
    if (first || recovered) this.#state(WebcastStatus.Started, '');
  }

  #missed(problem: string): void {
    this.#misses += 1;
    if (this.#misses === HITS_TO_REFRESH) this.#state(WebcastStatus.Refreshed, 'PageBlank', problem);
    if (this.#misses === HITS_TO_RESCHEDULE) this.#state(WebcastStatus.Rescheduled, 'PageBlank', problem);
    if (this.#misses >= HITS_TO_FAIL) {
      this.#ctx.end(this.#member ? 'UnknownStopReason' : 'StartTaskFailed', { message: problem });
    }
  }

  #state(status: number, reason: string, message = ''): void {
    this.#ctx.emit('WebcastStateChanged', {
      ...this.#deps.eventBase(),
      Status: status,
      Reason: reason,
      Message: message,
    });
  }
}
