// One autocannon run of the tenant mix against one server, and the figures the gateway bench keeps of it.
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { median } from '../median.js';
import { cpuMicros } from './server-roles.js';
import type { MixRequest } from './tenant-mix.js';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Server CPU time per answered request, µs (all its threads: the audit worker's writes included). */
  cpuPerRequest: number;
}

export interface Target {
  child: ChildProcess;
  url: string;
  requests: readonly MixRequest[];
}

/**
 * Each connection loops over every request of the mix, connection i starting at request i, so that at any moment
 * the connections are sending different tenants' calls of different actions. The request bytes are built once per
 * connection; the server parses them afresh each time.
 */
export async function load(target: Target, connections: number, seconds: number, overallRate?: number) {
  const cpuBefore = await cpuMicros(target.child);
  let connection = 0;
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    ...(overallRate !== undefined && { overallRate }),
    setupClient(client) {
      const offset = connection++ % target.requests.length;
      const rotated = [...target.requests.slice(offset), ...target.requests.slice(0, offset)];
      client.setRequests(
        rotated.map((r) => ({
          method: r.method,
          path: r.path,
          headers: { ...r.headers },
          ...(r.body !== undefined && { body: r.body }),
        })),
      );
    },
  });
  const cpu = (await cpuMicros(target.child)) - cpuBefore;
  const answered = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuPerRequest: answered > 0 ? cpu / answered : NaN,
  } satisfies Figures;
}

/** The median of each figure over rounds (errors summed). */
export function medianOf(runs: readonly Figures[]): Figures {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    cpuPerRequest: median(runs.map((r) => r.cpuPerRequest)),
  };
}

export function line(label: string, f: Figures): string {
  return (
    `${label.padEnd(46)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50.toFixed(1).padStart(5)} ms  ` +
    `p99 ${f.p99.toFixed(1).padStart(5)} ms  server CPU ${f.cpuPerRequest.toFixed(0).padStart(4)} µs/req` +
    (f.errors + f.non2xx > 0 ? `  errors ${f.errors} non-2xx ${f.non2xx}` : '')
  );
}

export const rpsOfRounds = (runs: readonly Figures[]): string => runs.map((r) => r.rps.toFixed(0)).join(', ');
