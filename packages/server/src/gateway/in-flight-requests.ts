import type { ServerResponse } from 'node:http';

/**
 * The requests a server is answering, so that a graceful close waits for them rather than for its connections: a
 * connection may outlive its requests (keep-alive) or never have one to finish (an upgraded WebSocket).
 */
export class InFlightRequests {
  readonly #open = new Set<ServerResponse>();
  readonly #waiting = new Set<() => void>();

  /** Counts `res` until it has been sent or its connection is gone. */
  track(res: ServerResponse): void {
    this.#open.add(res);
    res.once('close', () => {
      this.#open.delete(res);
      if (this.#open.size === 0) for (const wake of this.#waiting) wake();
    });
  }

  get size(): number {
    return this.#open.size;
  }

  /** Resolves true once no request is in flight, or false when `withinMs` passes first. */
  settled(withinMs: number): Promise<boolean> {
    if (this.#open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.#waiting.delete(wake);
        resolve(result);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), withinMs);
      this.#waiting.add(wake);
    });
  }
}
