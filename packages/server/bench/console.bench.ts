// The web console's figures: its bundle size (raw and gzipped; target under 300 KB gzipped), its first paint and
// first contentful paint in headless Chromium (Debian's, through playwright-core) signed in against the real
// server, and how the live room view keeps up with 1,000 members joining one room (presence WebSockets on
// 127.0.0.1) while 3 other tenants (their own accounts and apps) fill a room of 100 each: the time until the page
// shows all of them, and how many events it took. Stops by itself.
//
//   npm run bench:console -w @rtc-openapi/server
//   (CONSOLE_BENCH_MEMBERS, CONSOLE_BENCH_LOADS, CONSOLE_BENCH_OTHER_TENANTS, CONSOLE_BENCH_OTHER_MEMBERS to scale)

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { AccessToken } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import { WebSocket } from 'ws';
import { startServer } from '../test/e2e/e2e-server.js';
import { ensureConsoleBuilt } from '../test/console/console-build.js';
import { launchBrowser } from '../test/console/console-browser.js';
import { seedTenants } from './gateway/tenant-mix.js';
import { median, percentile } from './median.js';

const MEMBERS = Number(process.env.CONSOLE_BENCH_MEMBERS ?? 1000);
const LOADS = Number(process.env.CONSOLE_BENCH_LOADS ?? 15);
/** Other tenants (accounts seeded through the admin API) whose rooms fill at the same time, each with this many. */
const OTHER_TENANTS = Number(process.env.CONSOLE_BENCH_OTHER_TENANTS ?? 3);
const OTHER_MEMBERS = Number(process.env.CONSOLE_BENCH_OTHER_MEMBERS ?? 100);
const TOKEN = 'console-bench-token';
const KB = 1024;

ensureConsoleBuilt();
bundleSize();
const running = await startServer({ dev: true, adminToken: TOKEN, logLevel: 'warn' });
const browser = await launchBrowser();
const stop = setTimeout(() => {
  console.error('console bench: time limit reached');
  process.exit(1);
}, 5 * 60_000);
try {
  await firstPaint();
  await liveRooms();
} finally {
  clearTimeout(stop);
  await browser.close();
  await running.close();
  running.removeData();
}

function bundleSize(): void {
  const dir = fileURLToPath(new URL('../console-dist/', import.meta.url));
  const files = walk(dir);
  let raw = 0;
  let gzip = 0;
  console.log('console bundle (packages/server/console-dist):');
  for (const file of files) {
    const body = readFileSync(file);
    const zipped = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzip += zipped;
    console.log(
      `  ${file.slice(dir.length).padEnd(34)} ${kb(body.length).padStart(9)} raw ${kb(zipped).padStart(9)} gzip`,
    );
  }
  console.log(
    `  total${' '.repeat(29)} ${kb(raw).padStart(9)} raw ${kb(gzip).padStart(9)} gzip (target < 300 KB gzip: ${gzip < 300 * KB ? 'met' : 'MISSED'})`,
  );
}

async function signedInPage() {
  const login = await fetch(`${running.url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: running.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${TOKEN}`,
  });
  const [name, value] = login.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
  await browser.context.addCookies([{ name, value, url: `${running.url}/console/` }]);
  return browser.context.newPage();
}

async function firstPaint(): Promise<void> {
  const paint: number[] = [];
  const contentful: number[] = [];
  const ready: number[] = [];
  const page = await signedInPage();
  for (let i = 0; i < LOADS; i++) {
    // A cold load each time: no HTTP cache, so every file comes over the wire.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    // From another document, so that each load is a new document with its own paint timings.
    await page.goto('about:blank');
    await page.goto(`${running.url}/console/#/accounts`, { waitUntil: 'load' });
    await page.locator('tbody tr').first().waitFor();
    // A string, not a function: tsx's transform would wrap a function's inner helpers in a name it defines.
    const t = (await page.evaluate(`(() => {
      const entries = performance.getEntriesByType('paint');
      const at = (name) => entries.find((e) => e.name === name)?.startTime ?? NaN;
      return { fp: at('first-paint'), fcp: at('first-contentful-paint'), now: performance.now() };
    })()`)) as { fp: number; fcp: number; now: number };
    paint.push(t.fp);
    contentful.push(t.fcp);
    ready.push(t.now);
  }
  await page.close();
  const line = (label: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`  ${label.padEnd(42)} median ${ms(median(values))}  p90 ${ms(percentile(sorted, 90))}`);
  };
  console.log(`first paint of /console/#/accounts, cold cache, ${LOADS} loads in headless Chromium:`);
  line('first-paint', paint);
  line('first-contentful-paint', contentful);
  line('accounts table rendered (from navigation)', ready);
}

async function liveRooms(): Promise<void> {
  const dev = running.server.devCredentials!;
  const others = await seedTenants(running.url, OTHER_TENANTS, TOKEN);
  // The big room's joins (the dev app's), with the other tenants' joins to their own rooms interleaved among them.
  const big = Array.from({ length: MEMBERS }, (_, i) => ({ ...dev, roomId: 'big', userId: `u${i}` }));
  const small = others.flatMap((t, k) =>
    Array.from({ length: OTHER_MEMBERS }, (_, i) => ({ ...t, roomId: `room-${k}`, userId: `v${i}` })),
  );
  const every = Math.max(1, Math.floor(big.length / Math.max(1, small.length)));
  const joins = big.flatMap((m, i) => (i % every === 0 && small.length > 0 ? [m, small.shift()!] : [m]));
  joins.push(...small);
  const rooms = 1 + (OTHER_MEMBERS > 0 ? others.length : 0);
  const page = await signedInPage();
  await page.goto(`${running.url}/console/#/rooms`);
  await page.locator('.live.on').waitFor();
  // Count the events the page receives: the EventSource's messages, seen through the page's own listener count.
  await page.evaluate(() => {
    (window as unknown as { roomEvents: number }).roomEvents = 0;
    const source = new EventSource('/console/api/rooms/stream');
    source.addEventListener('rooms', () => (window as unknown as { roomEvents: number }).roomEvents++);
  });
  const url = `${running.url.replace(/^http/, 'ws')}/rtc/presence`;
  const clients: RoomClient[] = [];
  const started = performance.now();
  for (let i = 0; i < joins.length; i += 50) {
    await Promise.all(
      joins.slice(i, i + 50).map(async ({ appId, appKey, roomId, userId }) => {
        const token = new AccessToken({ appId, roomId, userId, expireAt: 0 });
        token.addPrivilege('PublishStream');
        const client = new RoomClient({ url, WebSocket });
        await client.join({ appId, roomId, userId, token: token.serialize(appKey) });
        clients.push(client);
      }),
    );
  }
  const joined = performance.now() - started;
  await page.getByText(`(${rooms} rooms, ${joins.length} members)`).waitFor({ timeout: 60_000 });
  const shown = performance.now() - started;
  const events = await page.evaluate(() => (window as unknown as { roomEvents: number }).roomEvents);
  console.log(
    `live room view, ${MEMBERS} members joining one room while ${OTHER_TENANTS} other tenants' rooms get ` +
      `${OTHER_MEMBERS} each (50 joins in flight):`,
  );
  console.log(`  all joined (server answered)              ${ms(joined)}`);
  console.log(
    `  page shows all ${joins.length} members in ${rooms} rooms ${ms(shown)} (${ms(shown - joined)} after the last join)`,
  );
  console.log(
    `  room events the page received             ${events} (coalesced; one per change would be ${joins.length})`,
  );
  console.log(
    `  (load average during the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores)`,
  );
  for (const client of clients) client.close();
  await page.close();
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}
