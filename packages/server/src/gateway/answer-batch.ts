/**
 * Answers written together in the check phase of the event-loop turn that produced them, instead of one by one
 * between the next requests' work.
 *
 * Why: writing an answer to a socket whose reader sleeps wakes that reader, and the wake-up is paid inside our
 * write call (on a virtual machine an inter-processor interrupt costs several microseconds). Under load the poll
 * phase hands the server many ready connections at once; written interleaved with their work, the answers reach a
 * client that has gone back to sleep after each one, and every answer pays a wake-up. Written back to back at the
 * end of the turn, the first wakes the client and the rest find it running. The gateway bench shows the effect on
 * a server doing nothing else: its "answers batched per turn" bare server against the plain one.
 *
 * What it costs: an answer waits for the rest of the turn's poll phase, at most the time the server spends on the
 * requests that arrived with it. An idle server's turn holds one request, so its answer goes out at once.
 */
export class AnswerBatch {
  #pending: (() => void)[] = [];
  readonly #onError: (error: unknown) => void;

  /** `onError` hears a failed write (the others in the batch are still written). */
  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Runs `write` in this turn's check phase, after the writes added before it. */
  add(write: () => void): void {
    if (this.#pending.length === 0) setImmediate(this.#flush);
    this.#pending.push(write);
  }

  readonly #flush = (): void => {
    const writes = this.#pending;
    this.#pending = [];
    for (const write of writes) {
      try {
        write();
      } catch (error) {
        this.#onError(error);
      }
    }
  };
}
