import { randomBytes } from 'node:crypto';

// A per-process prefix plus a counter: unique without a syscall per request, and different across processes.
const processPrefix = randomBytes(5).toString('hex').toUpperCase();
let counter = 0;

/**
 * A RequestId shaped like the real service's (a UTC timestamp then hex): `20240520083000` + 10 hex of this process +
 * 8 hex of a counter. Sortable by time within a process and unique per request.
 */
export function newRequestId(nowMs: number): string {
  counter = (counter + 1) >>> 0;
  const stamp = new Date(nowMs).toISOString();
  const time =
    stamp.slice(0, 4) +
    stamp.slice(5, 7) +
    stamp.slice(8, 10) +
    stamp.slice(11, 13) +
    stamp.slice(14, 16) +
    stamp.slice(17, 19);
  return time + processPrefix + counter.toString(16).toUpperCase().padStart(8, '0');
}
