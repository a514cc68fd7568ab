import type { IncomingMessage, ServerResponse } from 'node:http';

/** A comment this often keeps an idle event stream open through proxies and the browser's own timeouts. */
export const KEEP_ALIVE_MS = 15_000;

/** Answers an EventSource request: the event-stream head and the reconnect delay; events follow with `sseEvent`. */
export function startEventStream(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
}

/** One server-sent event: its name and its data as JSON on one line. */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
