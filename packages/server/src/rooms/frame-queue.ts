/** How far reading may run ahead of handling: past either figure the socket stops being read until handling catches up. */
export interface FrameQueueLimits {
  frames: number;
  bytes: number;
}

export const DEFAULT_FRAME_QUEUE_LIMITS: FrameQueueLimits = { frames: 64, bytes: 256 * 1024 };

/**
 * The frames of one connection, handled one at a time in the order they arrived, whatever their kind: a join awaits
 * the app lookup and what follows must see its result, and an answer to a malformed frame must not overtake the
 * answer to an earlier one.
 *
 * Each task runs inside a boundary: whatever it throws or rejects with goes to `onUnexpected` (which answers the
 * client and logs), and the queue carries on with the next frame. While more than `limits` are waiting, `pause`
 * stops reading the socket; `resume` reads on once half of that has been handled.
 */
export class FrameQueue {
  #tail: Promise<void> = Promise.resolve();
  #frames = 0;
  #bytes = 0;
  #paused = false;

  constructor(
    private readonly flow: { pause(): void; resume(): void },
    private readonly onUnexpected: (error: unknown) => void,
    private readonly limits: FrameQueueLimits = DEFAULT_FRAME_QUEUE_LIMITS,
  ) {}

  /** Frames waiting or being handled. */
  get pending(): number {
    return this.#frames;
  }

  /** Queues `task` for a frame of `bytes` (its size, for the read-ahead limit). */
  push(bytes: number, task: () => void | Promise<void>): void {
    this.#frames++;
    this.#bytes += bytes;
    if (!this.#paused && (this.#frames > this.limits.frames || this.#bytes > this.limits.bytes)) {
      this.#paused = true;
      this.flow.pause();
    }
    this.#tail = this.#tail.then(async () => {
      try {
        await task();
      } catch (error) {
        this.#unexpected(error);
      } finally {
        this.#frames--;
        this.#bytes -= bytes;
        if (this.#paused && this.#frames <= this.limits.frames / 2 && this.#bytes <= this.limits.bytes / 2) {
          this.#paused = false;
          this.flow.resume();
        }
      }
    });
  }

  #unexpected(error: unknown): void {
    try {
      this.onUnexpected(error);
    } catch {
      // The handler of last resort failed too (a closed socket, a logger that throws): the frame is dropped, the
      // queue goes on.
    }
  }
}
