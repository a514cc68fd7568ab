import type { LiveTask, LiveTaskContext } from './task-runner.js';

/**
 * A live task's work done at an interval (a snapshot every Interval, a slice every Duration): rounds never overlap
 * (a slow round delays the next, which then starts at once), `restart` starts the interval again from now (an
 * Update), and `stop` waits for the round under way (the engine has aborted its signal, which kills its processes).
 */
export class PeriodicWork implements Pick<LiveTask, 'stop'> {
  readonly #context: LiveTaskContext;
  readonly #everyMs: () => number;
  readonly #round: (n: number) => Promise<void>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #due = 0;
  #count = 0;
  #stopped = false;

  /**
   * `everyMs` is read before each wait (the spec may have changed); `round` gets the round's number from 1 and
   * handles its own failures. The first round runs after `firstMs` (0: at once).
   */
  constructor(context: LiveTaskContext, everyMs: () => number, round: (n: number) => Promise<void>, firstMs = 0) {
    this.#context = context;
    this.#everyMs = everyMs;
    this.#round = round;
    this.#due = Date.now() + firstMs;
    this.#schedule();
    context.signal.addEventListener('abort', () => this.#halt(), { once: true });
  }

  /** Starts the interval again from now: the next round is one interval away. */
  restart(): void {
    if (this.#stopped) return;
    this.#due = Date.now() + this.#everyMs();
    if (!this.#running) this.#schedule();
  }

  async stop(): Promise<void> {
    this.#halt();
    await this.#running;
  }

  #halt(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#run(), Math.max(0, this.#due - Date.now()));
    // A closed server does not wait for a live task's next round.
    this.#timer.unref();
  }

  #run(): void {
    if (this.#stopped) return;
    this.#timer = undefined;
    this.#due += this.#everyMs();
    this.#count += 1;
    this.#running = this.#round(this.#count)
      .catch(() => undefined)
      .finally(() => {
        this.#running = undefined;
        // Behind time: the next round starts at once, from now on the interval.
        if (this.#due < Date.now()) this.#due = Date.now();
        this.#schedule();
      });
  }
}
