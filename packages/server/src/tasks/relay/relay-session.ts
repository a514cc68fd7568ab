import { SourceReader } from '../../media/source-reader.js';
import { PresenceError } from '../../rooms/presence-error.js';
import type { VirtualMember, VirtualMembers } from '../../rooms/virtual-members.js';
import type { LiveTask, LiveTaskContext } from '../task-runner.js';
import { RelayReason, type RelaySpec } from './relay-spec.js';

export interface RelaySessionDeps {
  ffmpeg: string;
  members: Pick<VirtualMembers, 'join'>;
  /** Wall-clock ms a source has to open in. */
  openTimeoutMs: number;
  /** Says why the task is about to end (the stopped callback's Reason and Msg). */
  ending(reason: number, message: string): void;
  /** Every RelayStreamStateChanged's data but Status, Reason and Msg. */
  eventBase(): Record<string, unknown>;
}

/**
 * The live part of a relay: at `StartTimeStamp` it opens the source and reads it at its pace; once media flows the
 * relay's user joins the room as a virtual member and publishes what the source carries (MediaType permitting).
 * A source that cannot be opened fails the task; one that ends (or stalls past the read timeout) ends it; the user
 * removed from the room (KickUser, DismissRoom) ends it with UserDisconnect.
 */
export class RelaySession implements LiveTask {
  readonly #ctx: LiveTaskContext;
  readonly #deps: RelaySessionDeps;
  #reader: SourceReader | undefined;
  #member: VirtualMember | undefined;
  #playing = false;
  #stopping = false;
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(ctx: LiveTaskContext, deps: RelaySessionDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#schedule(ctx.spec() as RelaySpec);
  }

  /** Opens the source at its StartTimeStamp (at once when that has passed). */
  #schedule(spec: RelaySpec): void {
    const wait = Math.max(0, spec.startTimeStamp * 1000 - Date.now());
    this.#timers.push(setTimeout(() => this.#open(spec), wait));
  }

  /** ListRelayStream's Status: 1 starting, 2 running (media flows and the user publishes it). */
  get status(): 1 | 2 {
    return this.#playing ? 2 : 1;
  }

  updated(spec: unknown): void {
    // A new source (or loop, media type): read it from now on; the user stays in the room.
    for (const t of this.#timers.splice(0)) clearTimeout(t);
    this.#reader?.stop();
    this.#reader = undefined;
    this.#schedule(spec as RelaySpec);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#reader?.stop();
    this.#member?.leave();
  }

  #open(spec: RelaySpec): void {
    if (this.#stopping || this.#ctx.signal.aborted) return;
    const reader = new SourceReader({
      ffmpeg: this.#deps.ffmpeg,
      url: spec.streamUrl,
      loop: spec.loop,
      openTimeoutMs: this.#deps.openTimeoutMs,
      onOpened: (media) => {
        if (reader !== this.#reader) return;
        this.#publish(spec, media);
      },
      onEnded: (outcome, detail) => {
        if (reader !== this.#reader || this.#stopping) return;
        if (outcome === 'unopened') {
          this.#end(RelayReason.SourceUnopened, `the source could not be opened: ${detail}`, true);
        } else {
          this.#end(
            RelayReason.SourceEnded,
            outcome === 'ended' ? 'the source ended' : `the source broke off: ${detail}`,
          );
        }
      },
    });
    this.#reader = reader;
    reader.start();
  }

  #publish(spec: RelaySpec, media: { audio: boolean; video: boolean }): void {
    try {
      this.#member ??= this.#deps.members.join(
        { appId: this.#ctx.row.appId, roomId: this.#ctx.row.roomId, userId: spec.userId, deviceType: 'relay' },
        {
          onEnded: (end) => {
            if (this.#stopping) return;
            queueMicrotask(() => this.#end(RelayReason.UserRemoved, `the relay user left the room: ${end.reason}`));
          },
        },
      );
      const audio = media.audio && spec.mediaType !== 2;
      const video = media.video && spec.mediaType !== 1;
      this.#member.publish('main', { audio, video }, spec.videoHeight || 720);
    } catch (error) {
      const message = error instanceof PresenceError ? error.message : String(error);
      this.#end(RelayReason.UserRemoved, `the relay user cannot join the room: ${message}`, true);
      return;
    }
    if (!this.#playing) {
      this.#playing = true;
      this.#ctx.emit('RelayStreamStateChanged', { ...this.#deps.eventBase(), Status: 2, Reason: 0, Msg: '' });
    }
  }

  #end(reason: number, message: string, failed = false): void {
    if (this.#stopping) return;
    this.#deps.ending(reason, message);
    if (reason === RelayReason.UserRemoved && !failed) this.#ctx.end('UserDisconnect');
    else this.#ctx.end(failed ? 'StartTaskFailed' : 'UnknownStopReason', failed ? { message } : undefined);
  }
}
