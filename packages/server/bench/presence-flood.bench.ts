// A room flooded while one member stops reading: the server's RSS and the message delay of the members who behave.
// This process runs only the server (createRtcServer with its defaults, rooms on SQLite in a temporary data
// directory), so its RSS is the server's; a child process opens every socket on 127.0.0.1:
//   - three readers and a prober that sends a small timestamped room message every 10 ms; the readers time each
//     one from send to arrival (same process, same clock): the delay a well-behaved member sees;
//   - a flooder sending 60 KiB room messages (FLOOD_BENCH_RATE a second, default 400: 24 MB/s into the room,
//     each one copied to every other member);
//   - a slow reader that joins and never reads (its socket paused); when the server drops it (close 4005, the room
//     sees it leave with reason SlowConsumer), a new one takes its place at once, for the whole flood.
// Three phases: baseline (no flood), the flood alone (the RSS the flood costs by itself), the flood with the slow
// reader (FLOOD_BENCH_SECONDS, default 60). Before the fix the slow reader's queue grew by the flood's rate for as
// long as it ran; the target is a peak RSS within the flood's own plus the per-connection limit for each connection.
//
//   npm run bench:flood -w @rtc-openapi/server        (FLOOD_BENCH_SECONDS=10 for a quick run)
//
// The script runs node with --expose-gc: RSS before and after is read after a full collection.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { AccessToken } from '@rtc-openapi/client';
import { DEFAULT_BACKPRESSURE } from '../src/rooms/connection-backpressure.js';
import { createRtcServer } from '../src/server.js';
import { percentile } from './median.js';

const FLOOD_SECONDS = Number(process.env.FLOOD_BENCH_SECONDS ?? 60);
const FLOOD_RATE = Number(process.env.FLOOD_BENCH_RATE ?? 400);
const BASELINE_SECONDS = Math.min(10, Math.max(3, FLOOD_SECONDS / 6));
const FLOOD_ALONE_SECONDS = Math.min(15, Math.max(3, FLOOD_SECONDS / 4));
const TIME_LIMIT_MS = (BASELINE_SECONDS + FLOOD_ALONE_SECONDS + FLOOD_SECONDS + 60) * 1000;
const MESSAGE_BYTES = 60 * 1024;
const READERS = 3;
/**
 * Readers, prober, flooder and two slow readers: a dropped one keeps its queue until its socket is destroyed (at most
 * closeWaitMs later) while the next one is already filling its own.
 */
const CONNECTIONS = READERS + 4;
const PROBE_EVERY_MS = 10;

type Phase = 'baseline' | 'flood' | 'flood+slow';
const PHASES: { phase: Phase; seconds: number; flood: boolean; slow: boolean }[] = [
  { phase: 'baseline', seconds: BASELINE_SECONDS, flood: false, slow: false },
  { phase: 'flood', seconds: FLOOD_ALONE_SECONDS, flood: true, slow: false },
  { phase: 'flood+slow', seconds: FLOOD_SECONDS, flood: true, slow: true },
];

interface Setup {
  wsUrl: string;
  appId: string;
  appKey: string;
}

type LoadMessage =
  | { kind: 'phase'; phase: Phase }
  | {
      kind: 'phaseDone';
      phase: Phase;
      delays: number[];
      lostProbes: number;
      flooded: number;
      floodReceived: number;
      slowReaders: number;
      slowDropped: number;
      readersDropped: number;
    }
  | { kind: 'failed'; error: string };

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (process.argv.includes('--load')) {
  process.once('message', (setup: Setup) => {
    runLoad(setup).then(
      () => process.exit(0),
      (e: unknown) => {
        process.send!({ kind: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
        process.exit(1);
      },
    );
  });
} else {
  await runServer();
}

// ---- the server side (this process) ----------------------------------------------------------------------------

async function runServer(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flood-bench-'));
  // The server's own word on each drop: its log line (cause, bytes queued at that moment).
  const drops: { cause: string; queuedBytes: number }[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line === '') continue;
        const entry = JSON.parse(line) as { msg?: string; cause?: string; queuedBytes?: number };
        if (entry.msg?.startsWith('presence connection dropped')) {
          drops.push({ cause: entry.cause ?? '?', queuedBytes: entry.queuedBytes ?? 0 });
        } else process.stderr.write(`${line}\n`);
      }
      done();
    },
  });
  const server = createRtcServer({ dataDir, dev: true, logLevel: 'warn', logDestination, rateLimitScale: 1000 });
  await server.listen();
  const creds = server.devCredentials!;
  global.gc?.();
  await sleep(500);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const child = fork(fileURLToPath(import.meta.url), ['--load'], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const deadline = setTimeout(() => {
    console.error(`flood bench: over the ${TIME_LIMIT_MS / 1000} s limit, stopping`);
    child.kill('SIGKILL');
    process.exit(1);
  }, TIME_LIMIT_MS);
  const limits = DEFAULT_BACKPRESSURE;
  const perConnection = limits.ceilingBytes + MESSAGE_BYTES + 2048;
  console.log(
    `presence flood bench: server pid ${process.pid}, clients pid ${child.pid}; ${READERS} readers + prober + ` +
      `flooder (${FLOOD_RATE} x ${MESSAGE_BYTES / 1024} KiB messages/s) + slow reader; phases ` +
      PHASES.map((p) => `${p.phase} ${p.seconds} s`).join(', '),
  );
  console.log(
    `per-connection limit: ceiling ${mb(limits.ceilingBytes)} + one frame (~${(MESSAGE_BYTES / 1024).toFixed(0)} KiB) ` +
      `= ${mb(perConnection)}; bound ${limits.boundBytes / 1024 / 1024} MiB for at most ${limits.graceMs / 1000} s`,
  );
  console.log(`server RSS before: ${mb(rssBefore)}`);
  const results = new Map<Phase, { peak: number; end: number }>();
  let phaseStartPeak = rssBefore;
  const done = new Promise<void>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      switch (m.kind) {
        case 'phase':
          phaseStartPeak = peak = process.memoryUsage().rss;
          break;
        case 'phaseDone': {
          const end = process.memoryUsage().rss;
          results.set(m.phase, { peak: Math.max(peak, phaseStartPeak), end });
          const sorted = [...m.delays].sort((a, b) => a - b);
          const flood =
            m.flooded > 0
              ? `; flood: ${m.flooded} messages sent (${(m.flooded / phaseSeconds(m.phase)).toFixed(0)}/s), ` +
                `${m.floodReceived} received by the ${READERS} readers`
              : '';
          const slow = m.slowReaders > 0 ? `; slow readers ${m.slowReaders}, dropped ${m.slowDropped}` : '';
          console.log(
            `[${m.phase}] well-behaved delay p50 ${sorted.length ? percentile(sorted, 50).toFixed(2) : '-'} ms, ` +
              `p99 ${sorted.length ? percentile(sorted, 99).toFixed(2) : '-'} ms, max ${sorted.at(-1)?.toFixed(1)} ms ` +
              `(${sorted.length} deliveries, ${m.lostProbes} lost); readers dropped ${m.readersDropped}${flood}${slow}; ` +
              `server RSS peak ${mb(Math.max(peak, phaseStartPeak))}, at the end ${mb(end)}`,
          );
          break;
        }
        case 'failed':
          reject(new Error(m.error));
          break;
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the clients exited with ${code}`))));
  });
  child.send({
    wsUrl: `${server.url.replace(/^http/, 'ws')}/rtc/presence`,
    appId: creds.appId,
    appKey: creds.appKey,
  } satisfies Setup);
  try {
    await done;
    await sleep(2000);
    global.gc?.();
    await sleep(500);
    const after = process.memoryUsage().rss;
    const alone = results.get('flood')!;
    const withSlow = results.get('flood+slow')!;
    const bound = alone.peak + CONNECTIONS * perConnection;
    console.log(
      `server RSS: before ${mb(rssBefore)}, peak with the flood alone ${mb(alone.peak)}, peak with the slow reader ` +
        `${mb(withSlow.peak)}, after (all closed) ${mb(after)}`,
    );
    console.log(
      `bound: flood-alone peak ${mb(alone.peak)} + ${CONNECTIONS} connections x ${mb(perConnection)} = ${mb(bound)}: ` +
        `${withSlow.peak <= bound ? 'within' : 'OVER'} (peak ${mb(withSlow.peak)})`,
    );
    const queued = drops.map((d) => d.queuedBytes);
    console.log(
      `server drops: ${drops.length} (${drops.filter((d) => d.cause === 'ceiling').length} at the ceiling, ` +
        `${drops.filter((d) => d.cause === 'grace').length} after the grace time); queued at the drop: max ` +
        `${queued.length ? mb(Math.max(...queued)) : '-'}`,
    );
    console.log(
      `machine load average (1/5 min) at the end: ${loadavg()
        .slice(0, 2)
        .map((l) => l.toFixed(1))
        .join(' / ')} on a ${availableParallelism()}-core box`,
    );
  } finally {
    clearTimeout(deadline);
    clearInterval(sampler);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function phaseSeconds(phase: Phase): number {
  return PHASES.find((p) => p.phase === phase)!.seconds;
}

// ---- the clients (child process) ---------------------------------------------------------------------------------

interface Client {
  ws: WebSocket;
  closedWith?: number;
}

async function runLoad(setup: Setup): Promise<void> {
  const roomId = 'flood';
  const token = (userId: string): string =>
    new AccessToken({ appId: setup.appId, roomId, userId, expireAt: 0 })
      .addPrivilege('PublishStream')
      .addPrivilege('SubscribeStream')
      .serialize(setup.appKey);
  /** Joins; `onFrame` sees every later frame as text (big ones are never parsed). */
  const join = (userId: string, onFrame: (text: string) => void = () => {}): Promise<Client> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(setup.wsUrl, { perMessageDeflate: false });
      const c: Client = { ws };
      let joined = false;
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (!joined && text.startsWith('{"type":"joined"')) {
          joined = true;
          resolve(c);
        } else if (!joined && text.startsWith('{"type":"error"')) reject(new Error(`${userId}: ${text}`));
        else onFrame(text);
      });
      ws.once('error', reject);
      ws.once('close', (code) => (c.closedWith = code));
      ws.once('open', () =>
        ws.send(
          JSON.stringify({ type: 'join', v: 1, id: 1, appId: setup.appId, roomId, userId, token: token(userId) }),
        ),
      );
    });

  // Per phase, reset by `phase()`.
  let delays: number[] = [];
  let floodReceived = 0;
  let slowDropped = 0;
  let probesSeen = new Set<number>();
  const readers: Client[] = [];
  for (let i = 0; i < READERS; i++) {
    readers.push(
      await join(`reader-${i}`, (text) => {
        if (text.length < 300 && text.startsWith('{"type":"message"')) {
          const m = /"text":"p:(\d+):([\d.]+)"/.exec(text);
          if (m) {
            delays.push(performance.now() - Number(m[2]));
            probesSeen.add(Number(m[1]));
          }
        } else if (text.startsWith('{"type":"message"')) floodReceived++;
        else if (i === 0 && text.startsWith('{"type":"userLeft"') && text.includes('"reason":"SlowConsumer"')) {
          slowDropped++;
        }
      }),
    );
  }
  const prober = await join('prober');
  const flooder = await join('flooder', (text) => {
    if (text.startsWith('{"type":"ack"')) inFlight--;
  });
  const payload = JSON.stringify({ type: 'send', text: 'f'.repeat(MESSAGE_BYTES) });
  let inFlight = 0;
  let flooded = 0;
  let seq = 0;
  const probeTimer = setInterval(() => {
    prober.ws.send(JSON.stringify({ type: 'send', text: `p:${seq++}:${performance.now().toFixed(3)}` }));
  }, PROBE_EVERY_MS);
  const pinger = setInterval(() => {
    for (const c of [...readers, prober, flooder]) if (c.ws.readyState === WebSocket.OPEN) c.ws.send('{"type":"ping"}');
  }, 5000);

  for (const { phase, seconds, flood, slow } of PHASES) {
    process.send!({ kind: 'phase', phase } satisfies LoadMessage);
    delays = [];
    floodReceived = 0;
    slowDropped = 0;
    flooded = 0;
    probesSeen = new Set();
    const firstProbe = seq;
    const slowClients: Client[] = [];
    let slowIndex = 0;
    let stop = false;
    const newSlowReader = async (): Promise<void> => {
      const c = await join(`slow-${slowIndex++}`);
      c.ws.pause();
      slowClients.push(c);
    };
    if (slow) await newSlowReader();
    // The flooder keeps at most 64 messages unanswered, FLOOD_RATE a second in ticks of 10 ms.
    const floodTimer = flood
      ? setInterval(() => {
          for (let i = 0; i < FLOOD_RATE / 100 && inFlight < 64; i++) {
            flooder.ws.send(payload);
            inFlight++;
            flooded++;
          }
        }, 10)
      : undefined;
    const started = performance.now();
    let handled = 0;
    while (performance.now() - started < seconds * 1000 && !stop) {
      await sleep(20);
      // Each drop the room saw: the next slow reader joins.
      while (slow && handled < slowDropped) {
        handled++;
        slowClients.at(-1)?.ws.terminate();
        await newSlowReader();
      }
      if (readers.some((r) => r.closedWith !== undefined)) stop = true;
    }
    clearInterval(floodTimer);
    while (inFlight > 0) await sleep(10);
    await sleep(300);
    for (const c of slowClients) c.ws.terminate();
    const lastProbe = seq;
    let lost = 0;
    for (let s = firstProbe; s < lastProbe - 30; s++) if (!probesSeen.has(s)) lost++;
    process.send!({
      kind: 'phaseDone',
      phase,
      delays,
      lostProbes: lost,
      flooded,
      floodReceived,
      slowReaders: slowClients.length,
      slowDropped,
      readersDropped: readers.filter((r) => r.closedWith !== undefined).length,
    } satisfies LoadMessage);
    await sleep(1000);
  }
  clearInterval(probeTimer);
  clearInterval(pinger);
  for (const c of [...readers, prober, flooder]) c.ws.close();
  await sleep(200);
}
