// The voice agent's figures (docs/voice-agent.md): (1) the delay from the LLM's first SSE content chunk to the first
// subv frame at the room client (target <= 30 ms p99), one agent, turn after turn; (2) 50 agents talking at once:
// the server's CPU and RSS per agent. The agents' rooms belong to several tenants (VOICE_BENCH_TENANTS, default 5:
// each its own account, key and app, seeded through the admin API). The server runs in this process (its CPU and RSS are what is measured); the
// load (a streaming OpenAI-compatible LLM, the room clients, the API calls) runs in a child process, which also times
// the delays (both ends of each delay are in the child: one clock).
//
//   npm run bench:voice -w @rtc-openapi/server
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRtcServer } from '../../src/server.js';
import { median, percentile } from '../median.js';
import { seedTenants } from '../gateway/tenant-mix.js';
import { runLoad, type LoadMessage } from './voice-load.js';

const AGENTS = Number(process.env.VOICE_BENCH_AGENTS ?? 50);
const LATENCY_TURNS = Number(process.env.VOICE_BENCH_TURNS ?? 300);
const LOAD_SECONDS = Number(process.env.VOICE_BENCH_SECONDS ?? 10);
const TENANTS = Number(process.env.VOICE_BENCH_TENANTS ?? 5);
const ADMIN_TOKEN = 'rtc-voice-bench-admin-token-0123456789abcdef012345678';

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (v: number): string => `${v.toFixed(2)} ms`;

async function main(): Promise<void> {
  if (process.argv.includes('--load')) {
    await runLoad();
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-voice-bench-'));
  const server = createRtcServer({ dataDir, adminToken: ADMIN_TOKEN, logLevel: 'silent', rateLimitScale: 10_000 });
  const url = await server.listen();
  const tenants = await seedTenants(url, TENANTS, ADMIN_TOKEN);
  const child = fork(fileURLToPath(import.meta.url), ['--load'], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: 'inherit',
  });
  console.log(
    `voice bench: server pid ${process.pid}, load pid ${child.pid}; ${AGENTS} agents of ${TENANTS} tenants for ${LOAD_SECONDS} s; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on this box`,
  );
  let rssBefore = 0;
  let heapBefore = 0;
  let cpuAt = process.cpuUsage();
  let at = performance.now();
  let peakRss = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  await new Promise<void>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      switch (m.kind) {
        case 'latency': {
          const sorted = [...m.samples].sort((a, b) => a - b);
          console.log(
            `first SSE chunk -> first subv at the room client, ${sorted.length} turns: p50 ${ms(median(sorted))}, ` +
              `p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted.at(-1)!)} (target p99 <= 30 ms)`,
          );
          global.gc?.();
          rssBefore = process.memoryUsage().rss;
          heapBefore = process.memoryUsage().heapUsed;
          child.send({ kind: 'go' });
          break;
        }
        case 'agentsStarted':
          loopDelay.enable();
          peakRss = 0;
          cpuAt = process.cpuUsage();
          at = performance.now();
          console.log(
            `${m.agents} agents in their rooms; RSS ${mb(process.memoryUsage().rss)} (before ${mb(rssBefore)})`,
          );
          break;
        case 'loadDone': {
          loopDelay.disable();
          const cpu = process.cpuUsage(cpuAt);
          const wall = performance.now() - at;
          const cpuPct = ((cpu.user + cpu.system) / 1000 / wall) * 100;
          const rss = process.memoryUsage().rss;
          global.gc?.();
          const heapPerAgent = (process.memoryUsage().heapUsed - heapBefore) / m.agents;
          const sorted = [...m.samples].sort((a, b) => a - b);
          console.log(
            `${m.agents} agents talking for ${(wall / 1000).toFixed(1)} s: ${m.turns} turns, ${m.frames} subv frames ` +
              `received; first-chunk -> subv p50 ${ms(median(sorted))}, p99 ${ms(percentile(sorted, 99))}; ` +
              `the load process used ${m.loadCpuPct.toFixed(1)} % of one core`,
          );
          console.log(
            `server CPU ${cpuPct.toFixed(1)} % of one core (${(cpuPct / m.agents).toFixed(2)} % per agent); ` +
              `RSS ${mb(rss)}, peak ${mb(peakRss)}; ${mb((Math.max(rss, peakRss) - rssBefore) / m.agents)} per agent ` +
              `over the ${mb(rssBefore)} before the agents; JS heap ${(heapPerAgent / 1024).toFixed(0)} KB per agent ` +
              `(after a collection, the agents still running)`,
          );
          console.log(
            `server event-loop delay meanwhile: p50 ${ms(loopDelay.percentile(50) / 1e6)}, ` +
              `p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`,
          );
          child.send({ kind: 'stop' });
          resolve();
          break;
        }
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load exited with ${code}`))));
    child.send({ kind: 'start', url, tenants, agents: AGENTS, latencyTurns: LATENCY_TURNS, loadSeconds: LOAD_SECONDS });
  });
  clearInterval(sampler);
  await new Promise((r) => child.once('exit', r));
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
