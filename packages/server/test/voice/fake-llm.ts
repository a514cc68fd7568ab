// A real local OpenAI-compatible chat-completions server that streams server-sent events, written for the tests:
// each request is recorded (headers, body) and answered by the test's handler.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    stream?: boolean;
    messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
    [k: string]: unknown;
  };
  /** Set when the agent closed the connection before the answer ended (an interrupt). */
  aborted: boolean;
}

export type LlmHandler = (req: SeenRequest, res: ServerResponse) => Promise<void> | void;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class FakeLlm {
  readonly requests: SeenRequest[] = [];
  handler: LlmHandler = (_req, res) => streamText(res, ['ok']);
  url = '';
  #server!: Server;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen: SeenRequest = {
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString()) as SeenRequest['body'],
          aborted: false,
        };
        res.on('close', () => {
          if (!res.writableFinished) seen.aborted = true;
        });
        this.requests.push(seen);
        void Promise.resolve(this.handler(seen, res)).catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1/chat/completions`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'test-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;

/** Streams the pieces as content deltas (gapMs apart), then a finish chunk and `data: [DONE]`. */
export async function streamText(res: ServerResponse, pieces: string[], gapMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunk({ role: 'assistant' }));
  for (const p of pieces) {
    if (res.destroyed) return;
    res.write(chunk({ content: p }));
    if (gapMs > 0) await sleep(gapMs);
  }
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}

/** Streams one tool call, its arguments in two pieces, as OpenAI does. */
export function streamToolCall(res: ServerResponse, id: string, name: string, args: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const half = Math.floor(args.length / 2);
  res.write(chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] }));
  res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }));
  res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }));
  res.write(chunk({}, 'tool_calls'));
  res.end('data: [DONE]\n\n');
}
