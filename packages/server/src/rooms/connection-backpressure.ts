const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * How much the server holds for one presence connection that does not read what it is sent
 * (docs/presence-protocol.md, "Backpressure").
 */
export interface BackpressureLimits {
  /** Queued bytes a connection may stay above for at most `graceMs` (a burst, a brief stall). */
  boundBytes: number;
  /** Queued bytes at which the connection is dropped at once: with the frame that crossed it, the most it holds. */
  ceilingBytes: number;
  graceMs: number;
  /** How long a dropped connection's close handshake may take before its socket is destroyed (and its queue freed). */
  closeWaitMs: number;
}

export const DEFAULT_BACKPRESSURE: BackpressureLimits = {
  boundBytes: 1 * MiB,
  ceilingBytes: 4 * MiB,
  graceMs: 5000,
  closeWaitMs: 1000,
};

export type OverflowCause = 'ceiling' | 'grace';

/**
 * Watches what is queued for one connection (`queued`: the ws `bufferedAmount`, bytes written to the socket that the
 * kernel has not taken yet because the peer does not read). Each frame goes out through `send`; a frame that leaves
 * more than `ceilingBytes` queued, or a queue still above `boundBytes` `graceMs` after it first went above, trips
 * the guard: from then on nothing more is queued, and `onOverflow` runs once, in a microtask of its own (never inside
 * the broadcast loop that was sending), to remove the member and close the connection.
 */
export class OutboundGuard {
  #tripped = false;
  #graceTimer: NodeJS.Timeout | undefined;
  #peak = 0;

  constructor(
    private readonly queued: () => number,
    private readonly limits: BackpressureLimits,
    private readonly onOverflow: (cause: OverflowCause, queuedBytes: number) => void,
  ) {}

  get tripped(): boolean {
    return this.#tripped;
  }

  /** The most this connection had queued after a send. */
  get peakQueuedBytes(): number {
    return this.#peak;
  }

  /** Queues one frame through `write` unless the guard has tripped; false when the frame was dropped. */
  send(write: () => void): boolean {
    if (this.#tripped) return false;
    write();
    const queued = this.queued();
    if (queued > this.#peak) this.#peak = queued;
    if (queued > this.limits.ceilingBytes) this.#trip('ceiling', queued);
    else if (queued > this.limits.boundBytes && this.#graceTimer === undefined) {
      this.#graceTimer = setTimeout(() => this.#graceOver(), this.limits.graceMs);
      this.#graceTimer.unref();
    }
    return true;
  }

  /** The connection closed: no timer is left behind. */
  dispose(): void {
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
  }

  #graceOver(): void {
    this.#graceTimer = undefined;
    const queued = this.queued();
    if (!this.#tripped && queued > this.limits.boundBytes) this.#trip('grace', queued);
  }

  #trip(cause: OverflowCause, queued: number): void {
    this.#tripped = true;
    this.dispose();
    queueMicrotask(() => this.onOverflow(cause, queued));
  }
}
