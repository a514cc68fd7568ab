// Concurrent CDN pushes at 640x360 on this box (issue 19): for each level (default 5, 10, 20 pushes; BENCH_PUSH_LEVELS)
// a whole server pushes every room (one member publishing audio and video in each) to a real RTMP server
// (node-media-server). The rooms belong to several tenants (BENCH_PUSH_TENANTS, default 4: each its own account,
// key and app, seeded through the admin API), each calling with its own signed client. It prints: CPU per push (the ffmpeg children's user+system time over the measured window, as
// a share of one core), frames dropped (15 fps x time pushing, less the video frames the receiver got), and
// start-to-publish at the receiver (StartPushMixedStreamToCDN's call to node-media-server accepting the stream).
//   npm run bench:push -w @rtc-openapi/server
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { AccessToken, RtcClient } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import { createRtcServer } from '../../src/server.js';
import { RtmpReceiver } from '../../test/support/rtmp-receiver.js';
import { seedTenants } from '../gateway/tenant-mix.js';
import { median, percentile } from '../median.js';

const LEVELS = (process.env.BENCH_PUSH_LEVELS ?? '5,10,20').split(',').map(Number);
const MEASURE_MS = Number(process.env.BENCH_PUSH_SECONDS ?? 10) * 1000;
const TENANTS = Number(process.env.BENCH_PUSH_TENANTS ?? 4);
const ADMIN_TOKEN = 'rtc-push-bench-admin-token-0123456789abcdef0123456789';
const FPS = 15;
const TICK = 100; // clock ticks per second (/proc/<pid>/stat utime, stime)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds used so far by this process's ffmpeg children (running ones). */
function childrenCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    if (comm !== 'ffmpeg' || Number(fields[1]) !== process.pid) continue;
    out.set(Number(name), (Number(fields[11]) + Number(fields[12])) / TICK);
  }
  return out;
}

async function level(count: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-push-bench-'));
  const server = createRtcServer({ dataDir: dir, adminToken: ADMIN_TOKEN, logLevel: 'silent' });
  await server.listen();
  const tenants = await seedTenants(server.url, TENANTS, ADMIN_TOKEN);
  const clients = tenants.map(
    (t) =>
      new RtcClient({
        endpoint: server.url,
        accessKeyId: t.accessKeyId,
        secretAccessKey: t.secretAccessKey,
        retry: false,
        throttle: false,
        timeoutMs: 60_000,
      }),
  );
  /** Room i belongs to tenant i mod TENANTS. */
  const tenantOf = (i: number) => i % tenants.length;
  const rtmp = new RtmpReceiver();
  await rtmp.start();
  const members: RoomClient[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const { appId, appKey } = tenants[tenantOf(i)]!;
      const member = new RoomClient({ url: `${server.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
      const token = new AccessToken({ appId, roomId: `bench-${i}`, userId: 'host', expireAt: 0 });
      token.addPrivilege('PublishStream');
      await member.join({ appId, roomId: `bench-${i}`, userId: 'host', token: token.serialize(appKey) });
      await member.publish('main', { audio: true, video: true });
      members.push(member);
    }
    const startedAt: number[] = [];
    const starts = await Promise.allSettled(
      Array.from({ length: count }, async (_, i) => {
        startedAt[i] = Date.now();
        await clients[tenantOf(i)]!.call('StartPushMixedStreamToCDN', {
          AppId: tenants[tenantOf(i)]!.appId,
          RoomId: `bench-${i}`,
          TaskId: `push-${i}`,
          PushURL: rtmp.url(`push-${i}`),
          Encode: { VideoWidth: 640, VideoHeight: 360, VideoFps: FPS },
        });
      }),
    );
    const refused = starts.filter((s) => s.status === 'rejected').length;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !Array.from({ length: count }, (_, i) => rtmp.live(`push-${i}`)).every(Boolean)) {
      await sleep(100);
    }
    const published = Array.from({ length: count }, (_, i) => rtmp.publications.get(`/live/push-${i}`)?.[0]);
    const toPublish = published.flatMap((p, i) => (p ? [p.publishedAt - startedAt[i]!] : []));
    await sleep(2000);
    const cpu0 = childrenCpu();
    const frames0 = Array.from({ length: count }, (_, i) => rtmp.videoFrames(`push-${i}`));
    const t0 = Date.now();
    await sleep(MEASURE_MS);
    const cpu1 = childrenCpu();
    const elapsed = (Date.now() - t0) / 1000;
    const frames1 = Array.from({ length: count }, (_, i) => rtmp.videoFrames(`push-${i}`));
    let cpu = 0;
    for (const [pid, seconds] of cpu1) cpu += seconds - (cpu0.get(pid) ?? 0);
    const received = frames1.map((f, i) => f - frames0[i]!);
    const expected = FPS * elapsed;
    const dropped = received.map((r) => Math.max(0, expected - r));
    const droppedShare = dropped.reduce((a, b) => a + b, 0) / (expected * count);
    const reached = published.filter(Boolean).length;
    return [
      `${String(count).padStart(3)} pushes (${Math.min(count, tenants.length)} tenants)`,
      `${reached}/${count} reached the receiver${refused ? ` (${refused} Starts failed)` : ''}`,
      `CPU/push ${((cpu / elapsed / count) * 100).toFixed(1)}% of a core (all: ${((cpu / elapsed) * 100).toFixed(0)}%)`,
      `frames received/push in ${elapsed.toFixed(1)} s: median ${median(received).toFixed(0)} of ${expected.toFixed(0)}`,
      `dropped ${(droppedShare * 100).toFixed(1)}% (worst push ${Math.max(...dropped).toFixed(0)})`,
      `start->publish median ${median(toPublish).toFixed(0)} ms, p95 ${percentile(
        [...toPublish].sort((a, b) => a - b),
        95,
      ).toFixed(0)} ms`,
    ].join(' | ');
  } finally {
    for (const m of members) m.close();
    for (const client of clients) await client.close();
    await server.close();
    await rtmp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `push bench: ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const count of LEVELS) console.log(await level(count));
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
