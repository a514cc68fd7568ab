// The gateway bench's `stages` role: where a call's time goes, stage by stage, for the tenant mix. The real stage
// list (API_STAGES) runs through the real runner (handleApiCall), each entry wrapped so that it adds its own elapsed
// time to its total; the domains are this checkout's sources on a SQLite database in a temporary directory, the
// tenants are seeded through the admin HTTP API and their rooms' members are connected, as in the end-to-end runs.
// No sockets on the API path: each call is handed to handleApiCall as the request listener would hand it over.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createAdminHandler } from '../../src/admin/admin-http.js';
import type { ApiRequest } from '../../src/gateway/api-request.js';
import { API_STAGES, type ApiStage, type GatewayDeps } from '../../src/gateway/api-stages.js';
import { handleApiCall, type ApiCallOutcome } from '../../src/gateway/handle-api-call.js';
import { parseQuery } from '../../src/gateway/query-params.js';
import { newRequestId } from '../../src/gateway/request-id.js';
import { AccountLimits } from '../../src/limits/account-limits.js';
import { MemoryRateLimiter } from '../../src/limits/memory-rate-limiter.js';
import { createLoggers } from '../../src/observability/logger.js';
import { buildActionTable } from '../../src/providers/action-table.js';
import { loadMusicCatalogue } from '../../src/music/music-catalogue.js';
import { MusicLibrary } from '../../src/music/music-library.js';
import { openDomains } from '../../src/server-domains.js';
import { openServices } from '../../src/store/open-services.js';
import { median } from '../median.js';
import { startMembers } from './server-roles.js';
import { ADMIN_TOKEN, MIX_ACTIONS, SIGNED_AT, mixRequests, seedTenants, type MixRequest } from './tenant-mix.js';

const ROUNDS = 7;

/** The stages, each wrapped to add its elapsed time (its synchronous part, or until its promise settles). */
function timed(stages: readonly ApiStage[], add: (stage: number, ms: number) => void): ApiStage[] {
  return stages.map((stage, index) => ({
    name: stage.name,
    run(call, deps) {
      const started = performance.now();
      const done = stage.run(call, deps);
      if (done instanceof Promise) return done.finally(() => add(index, performance.now() - started));
      add(index, performance.now() - started);
      return done;
    },
  }));
}

/** The request as node:http would hand it over: fresh strings for the URL and the headers on every call. */
function apiRequest(r: MixRequest): ApiRequest {
  const fresh = (text: string): string => Buffer.from(text, 'latin1').toString('latin1');
  const url = fresh(r.path);
  const headers: Record<string, string> = { host: fresh('127.0.0.1:8080') };
  for (const [name, value] of Object.entries(r.headers)) headers[name.toLowerCase()] = fresh(value);
  if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
  return {
    requestId: newRequestId(SIGNED_AT),
    method: r.method,
    url,
    query: parseQuery(url.slice(url.indexOf('?') + 1)),
    headers,
    body: r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body),
    receivedAtMs: SIGNED_AT,
  };
}

export async function timeStages(entry: string, tenantCount: number, only?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-bench-stages-'));
  const services = openServices({ dataDir, env: {}, now: () => new Date(SIGNED_AT), audit: { writer: 'worker' } });
  const { logger } = createLoggers({ destination: pino.destination({ dest: '/dev/null', sync: false }) });
  // Every domain and the full provider list, as app.ts builds them.
  const domains = openDomains({
    services,
    dataDir,
    clock: () => SIGNED_AT,
    logger,
    music: new MusicLibrary(loadMusicCatalogue()),
  });
  const { rooms } = domains;
  // HTTP only for the admin API (seeding) and the presence WebSocket (the rooms' members).
  const admin = createAdminHandler({ services, token: ADMIN_TOKEN, onError: (error) => console.error(error) });
  const http = createServer(admin);
  rooms.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const tenants = await seedTenants(url, tenantCount);
  const members = await startMembers(entry, url, tenants);

  // As app.ts assembles them, with the scale of the end-to-end runs.
  const deps: GatewayDeps = {
    identity: services.identity,
    limits: new AccountLimits({ scale: 1e6, overridesFor: (id) => services.identity.rateLimitOverridesFor(id) }),
    limiter: new MemoryRateLimiter(),
    actions: buildActionTable(Object.values(domains.providers)),
  };
  const mix = mixRequests(tenants, only);
  const actions = MIX_ACTIONS.length;
  // totals[stage * actions + action], ms, in one round; the last row is the whole call (stages + envelope).
  const totals = new Float64Array((API_STAGES.length + 1) * actions);
  const counts = new Float64Array(actions);
  let current = 0;
  const add = (row: number, ms: number): void => {
    totals[row * actions + current] = totals[row * actions + current]! + ms;
  };
  const stages = timed(API_STAGES, add);
  const call = async (r: MixRequest, list: readonly ApiStage[]): Promise<ApiCallOutcome> => {
    const request = apiRequest(r);
    current = r.actionIndex;
    const started = performance.now();
    const pending = handleApiCall(request, deps, list);
    const outcome = pending instanceof Promise ? await pending : pending;
    add(API_STAGES.length, performance.now() - started);
    counts[current] = counts[current]! + 1;
    return outcome;
  };
  for (const r of mix) {
    const { response } = await call(r, API_STAGES);
    if (response.status !== 200) throw new Error(`${r.action} answered ${response.status}: ${response.body}`);
  }

  // Rounds of 100 calls per request of the mix, with a pause every 64 calls for timers and I/O (the broadcasts' frames
  // go out to the members) as a server's turns would allow; the first round is a warm-up.
  const perRound: number[][] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    totals.fill(0);
    counts.fill(0);
    for (let i = 0; i < mix.length * 100; i++) {
      await call(mix[i % mix.length]!, stages);
      if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    }
    if (round > 0) perRound.push(cellsOf(totals, counts, actions));
  }
  const cells = perRound[0]!.map((_, cell) => median(perRound.map((round) => round[cell]!)));

  const used = MIX_ACTIONS.map((_, a) => a).filter((a) => !only || MIX_ACTIONS[a]!.action === only);
  const short = (name: string): string => (name.length > 12 ? name.slice(0, 11) + '.' : name);
  console.log('');
  console.log(
    `elapsed time per call in each stage, µs (API_STAGES wrapped, run by handleApiCall in this process; ` +
      `${tenants.length} tenants, the mix's ${mix.length} requests in turn, median of ${ROUNDS} rounds of ` +
      `${mix.length * 100} calls; load average ${loadavg()[0]!.toFixed(1)}):`,
  );
  console.log(
    `  ${'stage'.padEnd(13)}${used.map((a) => short(MIX_ACTIONS[a]!.action).padStart(13)).join('')}          mix`,
  );
  const rows = [...API_STAGES.map((s) => s.name), 'whole call'];
  rows.forEach((name, row) => {
    const values = used.map((a) => cells[row * actions + a]!);
    // Every action has the same share of the mix: its figure is their mean (of the medians, so that it agrees with
    // the columns; one round's pause would otherwise move the mix's median and none of the actions').
    const mixValue = values.reduce((sum, v) => sum + v, 0) / values.length;
    console.log(
      `  ${name.padEnd(13)}${values.map((v) => v.toFixed(1).padStart(13)).join('')}${mixValue.toFixed(1).padStart(13)}`,
    );
  });
  console.log('  (whole call: handleApiCall from the request to the rendered envelope; the log line and the audit row');
  console.log(
    '   come after it in the listener and are not in these figures. Wall-clock time: on a busy box it includes',
  );
  console.log('   moments this process waited for a core.)');

  members.disconnect();
  await domains.close();
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  services.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** µs per call of each stage (rows) for each action (columns), in one round. */
function cellsOf(totals: Float64Array, counts: Float64Array, actions: number): number[] {
  return Array.from(totals, (ms, cell) => {
    const calls = counts[cell % actions]!;
    return calls > 0 ? (1000 * ms) / calls : NaN;
  });
}
