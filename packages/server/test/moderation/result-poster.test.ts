// The detection results' POSTs against real HTTP receivers: success, failures retried a bounded number of times, a
// receiver that never answers, a close in the middle, a password in the URL, and the bound on POSTs in flight.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { DeliveryOutcome } from '../../src/moderation/moderation-store.js';
import { ResultPoster } from '../../src/moderation/result-poster.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The outcomes recorded per result id, in order. */
class MemoryDeliveries {
  readonly byId = new Map<number, DeliveryOutcome[]>();
  recordDelivery(id: number, outcome: DeliveryOutcome): void {
    this.byId.set(id, [...(this.byId.get(id) ?? []), outcome]);
  }
  last(id: number): DeliveryOutcome | undefined {
    return this.byId.get(id)?.at(-1);
  }
  async settled(id: number, timeoutMs = 10_000): Promise<DeliveryOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const last = this.last(id);
      if (last && last.delivery !== 'pending') return last;
      if (Date.now() > deadline) throw new Error(`result ${id} still ${JSON.stringify(last)}`);
      await sleep(10);
    }
  }
}

describe('ResultPoster', () => {
  let server: Server;
  let base = '';
  /** Requests received per path, with their bodies. */
  const received = new Map<string, string[]>();
  let inFlight = 0;
  let maxInFlight = 0;
  const hanging: ServerResponse[] = [];
  const behaviours: Record<string, (req: IncomingMessage, res: ServerResponse, n: number) => void> = {
    '/ok': (_req, res) => res.end('ok'),
    '/fail': (_req, res) => {
      res.statusCode = 500;
      res.end('no');
    },
    '/flaky': (_req, res, n) => {
      res.statusCode = n <= 2 ? 503 : 200;
      res.end();
    },
    '/hang': (_req, res) => void hanging.push(res),
    '/slow': (_req, res) => void setTimeout(() => res.end('ok'), 60),
  };

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        const list = received.get(path) ?? [];
        list.push(Buffer.concat(chunks).toString());
        received.set(path, list);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        res.on('close', () => inFlight--);
        behaviours[path]!(req, res, list.length);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const options = { timeoutMs: 300, retryBaseMs: 50, maxRetries: 2 };

  it('delivers on a 200, the body as given, one attempt', async () => {
    const store = new MemoryDeliveries();
    const poster = new ResultPoster({ store, options });
    poster.post(1, `${base}/ok`, '{"EventId":"one"}');
    assert.deepEqual(await store.settled(1), { delivery: 'delivered', attempts: 1, httpStatus: 200 });
    assert.deepEqual(received.get('/ok'), ['{"EventId":"one"}']);
    await poster.close();
  });

  it('retries a failing receiver twice after 50 and 100 ms, then gives up; a receiver that recovers is delivered', async () => {
    const store = new MemoryDeliveries();
    const poster = new ResultPoster({ store, options });
    const started = Date.now();
    poster.post(2, `${base}/fail`, 'x');
    poster.post(3, `${base}/flaky`, 'y');
    assert.deepEqual(await store.settled(2), { delivery: 'failed', attempts: 3, httpStatus: 500, error: 'HTTP 500' });
    assert.ok(Date.now() - started >= 150, 'the retries waited 50 then 100 ms');
    assert.equal(received.get('/fail')!.length, 3);
    assert.deepEqual(
      store.byId.get(2)!.map((o) => [o.delivery, o.attempts]),
      [
        ['pending', 1],
        ['pending', 2],
        ['failed', 3],
      ],
    );
    assert.deepEqual(await store.settled(3), { delivery: 'delivered', attempts: 3, httpStatus: 200 });
    await poster.close();
  });

  it('gives a receiver that never answers three bounded attempts, and nothing stays open', async () => {
    const store = new MemoryDeliveries();
    const poster = new ResultPoster({ store, options });
    const started = Date.now();
    poster.post(4, `${base}/hang`, 'z');
    const outcome = await store.settled(4);
    const took = Date.now() - started;
    assert.deepEqual(outcome, { delivery: 'failed', attempts: 3, error: 'no answer within 300 ms' });
    assert.ok(took >= 3 * 300 + 150 && took < 3000, `${took} ms`);
    assert.equal(poster.pending, 0);
    await poster.close();
  });

  it('closes at once in the middle of a POST: recorded as failed, the attempt under way not counted', async () => {
    const store = new MemoryDeliveries();
    const poster = new ResultPoster({ store, options: { ...options, timeoutMs: 60_000 } });
    poster.post(5, `${base}/hang`, 'a');
    await sleep(100);
    const started = Date.now();
    await poster.close();
    assert.ok(Date.now() - started < 500);
    assert.deepEqual(store.last(5), {
      delivery: 'failed',
      attempts: 0,
      error: 'the server closed before the result was delivered',
    });
    poster.post(6, `${base}/ok`, 'b');
    assert.equal(store.last(6)?.delivery, 'failed', 'a closed poster posts nothing');
  });

  it("never writes a URL's password into the error it records", async () => {
    const store = new MemoryDeliveries();
    const poster = new ResultPoster({ store, options: { ...options, maxRetries: 0 } });
    // Port 9 (discard) refuses the connection.
    poster.post(7, 'http://user:hunter2-secret@127.0.0.1:9/cb', 'c');
    const outcome = await store.settled(7);
    assert.equal(outcome.delivery, 'failed');
    assert.ok(outcome.error && !outcome.error.includes('hunter2-secret'), outcome.error);
    await poster.close();
  });

  it('keeps at most `concurrency` POSTs in flight; the others wait their turn and all arrive', async () => {
    const store = new MemoryDeliveries();
    const poster = new ResultPoster({ store, options: { ...options, concurrency: 3 } });
    maxInFlight = 0;
    for (let id = 100; id < 112; id++) poster.post(id, `${base}/slow`, String(id));
    for (let id = 100; id < 112; id++) assert.equal((await store.settled(id)).delivery, 'delivered');
    assert.equal(maxInFlight, 3);
    assert.equal(received.get('/slow')!.length, 12);
    await poster.close();
  });
});
