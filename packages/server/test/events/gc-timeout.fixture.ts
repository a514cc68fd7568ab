// Run by outbound-timeout-gc.test.ts in a child process started with --expose-gc: outgoing calls to a receiver that
// holds every request, with collections forced while they wait. Prints one JSON line with what it measured.
import { createServer } from 'node:http';
import { withOutboundTimeout } from '../../src/net/outbound-timeout.js';
import { closeServer, listen, startDelivery, trackSockets } from './delivery-harness.js';

const TIMEOUT_MS = 300;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
let collections = 0;
const collect = () => {
  gc();
  collections++;
};

const server = createServer((req) => req.resume()); // accepts, reads, never answers
const sockets = trackSockets(server);
const { url } = await listen(server);

// The bare helper around fetch: 3 rounds of 3 calls, collections at 100 and 200 ms into each round. A call still
// waiting after 3 s counts as -1 (the old AbortSignal.any(AbortSignal.timeout) bound waited forever).
const calls: number[] = [];
const watchdog = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
for (let round = 0; round < 3; round++) {
  const one = async () => {
    const started = performance.now();
    let ended = false;
    const call = withOutboundTimeout(TIMEOUT_MS, (signal) => fetch(url, { method: 'POST', body: '{}', signal }));
    await Promise.race([call.catch(() => (ended = true)), watchdog(3000)]);
    calls.push(ended ? Math.round(performance.now() - started) : -1);
  };
  const timers = [setTimeout(collect, 100), setTimeout(collect, 200)];
  await Promise.all([one(), one(), one()]);
  timers.forEach(clearTimeout);
}

// The delivery worker: 3 events, one retry each, a collection every 50 ms until they have all failed.
const h = startDelivery({ timeoutMs: TIMEOUT_MS, retryBaseMs: 50, maxRetries: 1 });
h.subscribe({ appId: 'gc-app', url });
const ids = h.emit('gc-app', 3);
const collecting = setInterval(collect, 50);
const settledMs = await h.settled(ids, 10_000).catch(() => -1);
clearInterval(collecting);
const attempts = ids.map((id) => h.attempts(id).map((e) => ({ outcome: e.outcome, error: e.error, ms: e.durationMs })));
await h.close();
await closeServer(server, sockets);
console.log(JSON.stringify({ collections, calls, settledMs, attempts }));
process.exit(0); // calls that never ended would keep the process alive
