import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimiter, RtcClient } from '@rtc-openapi/client';
import { startLocalServer, type RecordedRequest } from '../support/local-server.js';

const credentials = { accessKeyId: 'AKLTthrottle', secretAccessKey: 'throttle-secret' };

/** The most requests the server saw in any window of `windowMs`. */
function busiestWindow(requests: readonly RecordedRequest[], windowMs: number): number {
  const times = requests.map((r) => r.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('RtcClient throttle', () => {
  test('a burst of 25 ListRoomInfo calls (catalog: 10 QPS) reaches the server at most ~10 per second', async () => {
    const server = await startLocalServer();
    const client = new RtcClient({ ...credentials, endpoint: server.url });
    try {
      const params = { AppId: 'app', StartTime: 1, EndTime: 2 };
      await Promise.all(Array.from({ length: 25 }, () => client.call('ListRoomInfo', params)));
      assert.equal(server.requests.length, 25);
      // 10 per second plus the 100 ms burst allowance (1 call), with one call of slack for timer rounding.
      assert.ok(busiestWindow(server.requests, 1000) <= 12, `busiest second: ${busiestWindow(server.requests, 1000)}`);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test('the messaging actions share one budget, and clients of one credential share it', async () => {
    const server = await startLocalServer();
    const limiter = new RateLimiter({ qps: { messaging: 20 } });
    const a = new RtcClient({ ...credentials, endpoint: server.url, throttle: limiter });
    const b = new RtcClient({ ...credentials, endpoint: server.url, throttle: limiter });
    try {
      const message = { AppId: 'app', From: 'server', To: 'u', Message: 'hi', Binary: false };
      const calls = Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? a.call('SendUnicast', message)
          : b.call('SendBroadcast', { AppId: 'app', RoomId: 'r', From: 'server', Message: 'hi', Binary: false }),
      );
      await Promise.all(calls);
      assert.equal(server.requests.length, 40);
      const busiest = busiestWindow(server.requests, 1000);
      assert.ok(busiest <= 20 + 2 + 1, `busiest second: ${busiest}`);
    } finally {
      await a.close();
      await b.close();
      await server.close();
    }
  });

  test('another credential has its own budget, and throttle: false sends at once', async () => {
    const server = await startLocalServer();
    // One call per 10 s: anything that has to queue behind `one` would outlive the 2 s deadlines below.
    const limiter = new RateLimiter({ qps: { ListRoomInfo: 0.1 }, burstMs: 0 });
    const one = new RtcClient({ ...credentials, endpoint: server.url, throttle: limiter });
    const other = new RtcClient({
      accessKeyId: 'AKother',
      secretAccessKey: 's',
      endpoint: server.url,
      throttle: limiter,
    });
    const free = new RtcClient({ ...credentials, endpoint: server.url, throttle: false });
    try {
      const params = { AppId: 'app', StartTime: 1, EndTime: 2 };
      await one.call('ListRoomInfo', params);
      await other.call('ListRoomInfo', params, { signal: AbortSignal.timeout(2000) });
      await Promise.all(
        Array.from({ length: 20 }, () => free.call('ListRoomInfo', params, { signal: AbortSignal.timeout(2000) })),
      );
      assert.equal(server.requests.length, 22);
      // The same credential again does queue: it is still waiting when cancelled, and sent nothing.
      await assert.rejects(one.call('ListRoomInfo', params, { signal: AbortSignal.timeout(200) }), {
        name: 'RtcAbortError',
      });
      assert.equal(server.requests.length, 22);
    } finally {
      await Promise.all([one.close(), other.close(), free.close()]);
      await server.close();
    }
  });

  test('an abort while waiting for a slot rejects and sends nothing', async () => {
    const server = await startLocalServer();
    const limiter = new RateLimiter({ qps: { ListRoomInfo: 0.5 }, burstMs: 0 });
    const client = new RtcClient({ ...credentials, endpoint: server.url, throttle: limiter });
    try {
      const params = { AppId: 'app', StartTime: 1, EndTime: 2 };
      await client.call('ListRoomInfo', params);
      await assert.rejects(client.call('ListRoomInfo', params, { signal: AbortSignal.timeout(50) }), {
        name: 'RtcAbortError',
      });
      assert.equal(server.requests.length, 1);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
