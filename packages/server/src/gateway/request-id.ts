import { randomBytes } from 'node:crypto';

// A per-process prefix plus a counter: unique without a syscall per request, and different across processes.
const processPrefix = randomBytes(5).toString('hex').toUpperCase();
let counter = 0;
// The timestamp part changes once a second: format it once a second, not once a request.
let stampSecond = -1;
let stampText = '';

/**
 * A RequestId shaped like the real service's (a UTC timestamp then hex): `20240520083000` + 10 hex of this process +
 * 8 hex of a counter. Sortable by time within a process and unique per request.
 */
export function newRequestId(nowMs: number): string {
  counter = (counter + 1) >>> 0;
  const second = Math.floor(nowMs / 1000);
  if (second !== stampSecond) {
    const stamp = new Date(second * 1000).toISOString();
    stampText =
      stamp.slice(0, 4) +
      stamp.slice(5, 7) +
      stamp.slice(8, 10) +
      stamp.slice(11, 13) +
      stamp.slice(14, 16) +
      stamp.slice(17, 19) +
      processPrefix;
    stampSecond = second;
  }
  return stampText + counter.toString(16).toUpperCase().padStart(8, '0');
}
