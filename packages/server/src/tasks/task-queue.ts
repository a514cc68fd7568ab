/**
 * Per-task serialisation: calls on one task (Start, Update, Stop, a timer's stop, the end of rendering) run one
 * after another in arrival order, so two at once never interleave their reads and writes. Different tasks run
 * concurrently.
 */
export class TaskQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    // The chain goes on whatever this step's outcome; its caller sees the outcome.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once every step queued so far has run. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
