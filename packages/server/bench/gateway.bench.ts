// Throughput and latency of the whole server under many tenants, against a bare node:http server answering a fixed
// envelope to the very same requests, with the same load tool (autocannon) in the same run. The load is a mix:
// BENCH_TENANTS accounts (8 by default), each with its own access key and app (seeded through the admin HTTP API) and
// two users connected to a room of that app, and six actions (ListApps, GetRoomOnlineUsers, DescribeAppKeys,
// ListRoomInfo, SendBroadcast, GetCallback; GET and POST) for every account, each request signed with its account's
// key; every connection loops over all of them from its own starting point (gateway/tenant-mix.ts, load-runs.ts).
// Each server runs in its own process so the load generator does not share its event loop (it does share the
// machine's cores), and runs the built packages (dist), as `rtc-openapi serve` does: `npm run bench` builds first.
// BENCH_SERVER_DIST=<another checkout's packages/server> runs that build as the server under test instead, with the
// same load generator, bare servers and tenants: how a ratio before a change is measured (docs/performance.md);
// BENCH_COMPARE_DIST=<the same> runs that build next to this checkout's, in the same rounds (a fairer comparison on a
// box whose speed drifts).
// Each server run is paired with a bare run next to it (the order alternating), so that load from elsewhere on the
// box hits both; the figures are medians over rounds, and the throughput ratio is the median of the pairs' ratios.
// Each server also reports the CPU time it spent per request, a figure the load generator's share of the cores does
// not move. A second bare server writing its answers the way the pipeline does (batched per event-loop turn) is
// measured for reference. Then each request's time per stage: the real stage list, each entry wrapped with a timer,
// run in a process of its own (gateway/stage-timing.ts). Figures, not assertions: targets are printed next to them.
//
//   npm run bench -w @rtc-openapi/server
//   (BENCH_SECONDS=5 BENCH_CONNECTIONS=32 BENCH_ROUNDS=6 BENCH_WARMUP_SECONDS=10 BENCH_TENANTS=8 BENCH_ONLY=ListApps
//    BENCH_STAGES=0 BENCH_SERVER_DIST=/path/to/packages/server BENCH_COMPARE_DIST=/path/to/packages/server
//    BENCH_PROFILE=dir BENCH_REDIS=redis://127.0.0.1:6379/0)
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';
import { line, load, medianOf, rpsOfRounds, type Figures, type Target } from './gateway/load-runs.js';
import { start, startMembers, stop, type Child } from './gateway/server-roles.js';
import { MIX_ACTIONS, checkMix, mixRequests, seedTenants } from './gateway/tenant-mix.js';

const ENTRY = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 6));
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const TENANTS = Math.max(1, Number(process.env.BENCH_TENANTS ?? 8));
/** BENCH_ONLY=<action> sends only that action (of every tenant); with BENCH_PROFILE, a profile of just that action. */
const ONLY = process.env.BENCH_ONLY || undefined;
const PROFILE = process.env.BENCH_PROFILE || undefined;
const COMPARE_DIST = process.env.BENCH_COMPARE_DIST || undefined;

interface Run {
  label: string;
  target: Target;
  bare: Target;
  bareBatched: Target;
  max: Figures[];
  /** The bare run made next to each of the server's maximum runs: the pair a round's ratio compares. */
  pairedBare: Figures[];
  batched: Figures[];
  half: Figures[];
  ownHalf: Figures[];
}

/** Each round's server throughput over the bare run made next to it. */
const pairedRatios = (run: Run): number[] => run.max.map((f, i) => f.rps / run.pairedBare[i]!.rps);

async function main(): Promise<void> {
  console.log(
    `gateway benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds (medians), autocannon, ` +
      `servers in child processes, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  const bare = await start(ENTRY, 'bare');
  const bareBatched = await start(ENTRY, 'bare-batched');
  const full = await start(ENTRY, 'full', { ...(PROFILE && { profileDir: PROFILE }) });
  // BENCH_COMPARE_DIST=<another checkout's packages/server> runs that build too, in the same rounds.
  const compared = COMPARE_DIST ? await start(ENTRY, 'full', { serverDist: COMPARE_DIST }) : undefined;
  // BENCH_REDIS=redis://host:port/db adds the mix on a server whose rate limits live in that Redis.
  const fullRedis = process.env.BENCH_REDIS ? await start(ENTRY, 'full-redis') : undefined;
  console.log(`server under test: ${full.ready.serverModule}`);
  if (compared) console.log(`compared with: ${compared.ready.serverModule}`);
  const members: Awaited<ReturnType<typeof startMembers>>[] = [];

  const runOf = async (server: Child, label: string): Promise<Run> => {
    const tenants = await seedTenants(server.ready.url, TENANTS);
    members.push(await startMembers(ENTRY, server.ready.url, tenants));
    const requests = mixRequests(tenants, ONLY);
    await checkMix(server.ready.url, requests);
    const target = { child: server.child, url: server.ready.url, requests };
    return {
      label,
      target,
      // The baselines get the very same requests (method, signed query and headers, body): the same bytes to parse,
      // only the work after them differs.
      bare: { ...target, child: bare.child, url: bare.ready.url },
      bareBatched: { ...target, child: bareBatched.child, url: bareBatched.ready.url },
      max: [],
      pairedBare: [],
      batched: [],
      half: [],
      ownHalf: [],
    };
  };
  const actions = MIX_ACTIONS.filter((a) => !ONLY || a.action === ONLY);
  const mixLabel = `${TENANTS} tenants x ${actions.length} actions`;
  const runs = [
    await runOf(full, mixLabel),
    ...(compared ? [await runOf(compared, `${mixLabel}, compared server`)] : []),
    ...(fullRedis ? [await runOf(fullRedis, `${mixLabel}, Redis limiter`)] : []),
  ];
  console.log(
    `the mix: ${TENANTS} accounts, each with its own key, app and room (2 users connected), ` +
      `${runs[0]!.target.requests.length} signed requests, each connection looping over all of them from its own start:`,
  );
  for (const a of actions) console.log(`  ${a.action} ${a.version} (${a.method}, ${a.note})`);

  // Warm-up: JIT, caches, the first SQLite pages. The pipeline has far more code to optimise than the bare servers:
  // its first rounds after a 2-second warm-up ran up to half below its later ones.
  for (const run of runs) {
    await load(run.bare, CONNECTIONS, WARMUP_SECONDS);
    await load(run.bareBatched, CONNECTIONS, WARMUP_SECONDS);
    await load(run.target, CONNECTIONS, WARMUP_SECONDS);
  }

  // Maximum throughput. Each server run is paired with a bare run of the same requests next to it, so that a
  // round's ratio compares two runs the box's other load (it drifts by tens of percent over minutes here) hit alike;
  // the pair's order alternates from round to round, so that a drift within the pair favours neither side. Many
  // short rounds rather than a few long ones: the median of the pairs is what the verdict uses.
  for (let round = 0; round < ROUNDS; round++) {
    for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
      run.batched.push(await load(run.bareBatched, CONNECTIONS, SECONDS));
      const serverFirst = round % 2 === 1;
      const serverRun = serverFirst ? await load(run.target, CONNECTIONS, SECONDS) : undefined;
      run.pairedBare.push(await load(run.bare, CONNECTIONS, SECONDS));
      run.max.push(serverRun ?? (await load(run.target, CONNECTIONS, SECONDS)));
    }
  }

  // Latency at a fixed offered load: half the bare server's maximum (the target), and half the server's own.
  for (const run of runs) {
    const halfBare = Math.round(medianOf(run.pairedBare).rps / 2);
    const ownHalf = Math.round(medianOf(run.max).rps / 2);
    for (let round = 0; round < ROUNDS; round++) {
      run.half.push(await load(run.target, CONNECTIONS, SECONDS, halfBare));
      run.ownHalf.push(await load(run.target, CONNECTIONS, SECONDS, ownHalf));
    }
  }
  await Promise.all(members.map((child) => stop(child)));
  await Promise.all([bare, bareBatched, full, compared, fullRedis].map((server) => server && stop(server.child)));

  for (const run of runs) {
    const bareFigures = medianOf(run.pairedBare);
    const max = medianOf(run.max);
    console.log('');
    console.log(`${run.label}, the same signed requests to each server:`);
    console.log(line('  bare node:http, fixed envelope', bareFigures));
    console.log(`    rounds: ${rpsOfRounds(run.pairedBare)} req/s`);
    console.log(line('  bare node:http, answers batched per turn', medianOf(run.batched)));
    console.log(`    rounds: ${rpsOfRounds(run.batched)} req/s (reference only)`);
    console.log(line('  server', max));
    console.log(
      `    rounds: ${rpsOfRounds(run.max)} req/s; ratio to the bare run paired with each: ` +
        pairedRatios(run)
          .map((ratio) => `${(100 * ratio).toFixed(1)}%`)
          .join(', '),
    );
    console.log(line(`    offered ${Math.round(bareFigures.rps / 2)} req/s (half bare)`, medianOf(run.half)));
    console.log(line(`    offered ${Math.round(max.rps / 2)} req/s (half its own max)`, medianOf(run.ownHalf)));
  }

  console.log('');
  console.log('targets (issue 4): throughput >= 50% of bare; p99 <= 10 ms at half the bare load');
  for (const run of runs) {
    const bareFigures = medianOf(run.pairedBare);
    const halfBare = Math.round(bareFigures.rps / 2);
    const max = medianOf(run.max);
    const half = medianOf(run.half);
    const ownHalf = medianOf(run.ownHalf);
    const ratio = median(pairedRatios(run));
    // A run that could not deliver the offered load measured queueing, not the latency at that load.
    const sustained = half.rps >= halfBare * 0.95;
    const latencyMet = sustained && half.p99 <= 10;
    console.log(`${run.label}:`);
    console.log(
      `  multi-tenant throughput ${(ratio * 100).toFixed(1)}% of bare node:http (median of ${ROUNDS} paired rounds; ` +
        `ratio of the medians ${max.rps.toFixed(0)} / ${bareFigures.rps.toFixed(0)} req/s = ` +
        `${((100 * max.rps) / bareFigures.rps).toFixed(1)}%): ${ratio >= 0.5 ? 'MET' : 'NOT met'}`,
    );
    console.log(
      `  p99 at half the bare load (${halfBare} req/s offered, ${half.rps.toFixed(0)} achieved): ` +
        `${half.p99.toFixed(1)} ms: ${latencyMet ? 'MET' : 'NOT met'}` +
        (sustained ? '' : ' (the server does not sustain that load: this is queueing)'),
    );
    console.log(
      `  p99 at half its own max (${Math.round(max.rps / 2)} req/s): ${ownHalf.p99.toFixed(1)} ms ` +
        `(${ownHalf.p99 <= 10 ? 'within' : 'over'} 10 ms)`,
    );
    console.log(
      `  server CPU per request: ${max.cpuPerRequest.toFixed(0)} µs vs bare ${bareFigures.cpuPerRequest.toFixed(0)} µs ` +
        `(${(max.cpuPerRequest / bareFigures.cpuPerRequest).toFixed(1)}x)`,
    );
    if (max.errors + max.non2xx + half.non2xx + ownHalf.non2xx > 0) {
      console.log(`  WARNING: errors during the run (the mix is checked to answer 200 before it starts)`);
    }
  }
  if (compared) {
    // Both servers ran in the same rounds (in alternating order), each paired with a bare run of its own. Besides the
    // two ratios to bare, the rounds' direct ratios: each bare run adds its own noise to a ratio to bare.
    const [current, other] = [runs[0]!, runs[1]!];
    const percents = (values: number[]): string =>
      `${values.map((v) => (100 * v).toFixed(1)).join(', ')} (median ${(100 * median(values)).toFixed(1)}%)`;
    console.log('this server against the compared one, round by round:');
    console.log(
      `  throughput ratio to bare ${(100 * median(pairedRatios(current))).toFixed(1)}% vs ` +
        `${(100 * median(pairedRatios(other))).toFixed(1)}%; ratio of the two ratios: ` +
        percents(pairedRatios(current).map((ratio, i) => ratio / pairedRatios(other)[i]!)),
    );
    console.log(
      `  req/s of this server over the compared one's: ${percents(current.max.map((f, i) => f.rps / other.max[i]!.rps))}`,
    );
    console.log(
      `  server CPU per request, this over the compared one's: ` +
        percents(current.max.map((f, i) => f.cpuPerRequest / other.max[i]!.cpuPerRequest)),
    );
  }
  // BENCH_STAGES=0 leaves out the stage table. It runs in a fresh process on this checkout's sources (through tsx):
  // this one holds autocannon's results, and collecting a larger heap would be counted against every stage.
  if (process.env.BENCH_STAGES !== '0') {
    const { fork } = await import('node:child_process');
    const stages = fork(ENTRY, ['stages'], { stdio: 'inherit' });
    await new Promise((resolve) => stages.once('exit', resolve));
  }
}

// Each role loads only what it needs (the servers run without the `source` condition: the client is not built).
const role = process.argv[2];
if (role === 'bare' || role === 'bare-batched') {
  await (await import('./gateway/server-roles.js')).serveBare(role === 'bare-batched');
} else if (role === 'full' || role === 'full-redis') {
  const { serveFull } = await import('./gateway/server-roles.js');
  await serveFull(role === 'full-redis' ? process.env.BENCH_REDIS : undefined);
} else if (role === 'members') {
  (await import('./gateway/room-members.js')).serveMembers();
} else if (role === 'stages') {
  await (await import('./gateway/stage-timing.js')).timeStages(ENTRY, TENANTS, ONLY);
} else {
  await main();
}
