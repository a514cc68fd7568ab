import type { IncomingMessage, ServerResponse } from 'node:http';

/** A comment this often keeps an idle event stream open through proxies and the browser's own timeouts. */
export const KEEP_ALIVE_MS = 15_000;

/**
 * The console's open event streams. A stream never ends by itself, so a graceful shutdown would wait for them until
 * its grace period cut the connections: the server ends them first (`endAll`), and an open page reconnects to the
 * next server.
 */
export class EventStreams {
  readonly #open = new Set<ServerResponse>();
  #ended = false;

  /** Answers an EventSource request: the event-stream head and the reconnect delay; events follow with `sseEvent`. */
  start(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    if (this.#ended) {
      res.end();
      return;
    }
    this.#open.add(res);
    res.once('close', () => this.#open.delete(res));
  }

  /** How many are open. */
  get size(): number {
    return this.#open.size;
  }

  /** Ends every open stream, and any started after (the server is shutting down). */
  endAll(): void {
    this.#ended = true;
    for (const res of this.#open) res.end();
    this.#open.clear();
  }
}

/** One server-sent event: its name and its data as JSON on one line. */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
