import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimiter, RtcClient } from '@rtc-openapi/client';
import { startLocalServer, type RecordedRequest } from '../support/local-server.js';

const credentials = { accessKeyId: 'AKLTthrottle', secretAccessKey: 'throttle-secret' };

/**
 * Checks that the server saw no call before its slot: with `interval` ms between slots and `burst` calls allowed at
 * once, call i (in arrival order) may arrive no sooner than (i - burst + 1) * interval after the burst began. A busy
 * machine can only delay calls, so this holds however loaded the box is, while a limiter that let calls through
 * early would break it.
 */
function assertSpread(requests: readonly RecordedRequest[], began: number, interval: number, burst: number): void {
  const arrivals = requests.map((r) => r.at - began).sort((a, b) => a - b);
  arrivals.forEach((at, i) => {
    const slot = Math.max(0, (i - burst + 1) * interval);
    // 5 ms for the clocks of timers and performance.now() not agreeing to the millisecond.
    assert.ok(at >= slot - 5, `call ${i + 1} arrived ${at.toFixed(1)} ms in, before its slot at ${slot} ms`);
  });
}

describe('RtcClient throttle', () => {
  test('a burst of 25 ListRoomInfo calls (catalog: 10 QPS) reaches the server one per 100 ms', async () => {
    const server = await startLocalServer();
    const client = new RtcClient({ ...credentials, endpoint: server.url });
    try {
      const params = { AppId: 'app', StartTime: '2024-01-01T00:00:00Z', EndTime: '2024-01-01T01:00:00Z' };
      const began = performance.now();
      await Promise.all(Array.from({ length: 25 }, () => client.call('ListRoomInfo', params)));
      assert.equal(server.requests.length, 25);
      // 10 QPS with the default 100 ms burst allowance: one call at once, then one per 100 ms.
      assertSpread(server.requests, began, 100, 1);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test('GetRoomOnlineUsers with Property=true is spread to its own 1/s; plain calls are not held back by it', async () => {
    const server = await startLocalServer();
    // 4 QPS for the detailed form keeps the test short; the catalog's figure is 1.
    const limiter = new RateLimiter({ qps: { 'GetRoomOnlineUsers:Property=true': 4 }, burstMs: 0 });
    const client = new RtcClient({ ...credentials, endpoint: server.url, throttle: limiter });
    try {
      const began = performance.now();
      await Promise.all(
        Array.from({ length: 4 }, () =>
          client.call('GetRoomOnlineUsers', { AppId: 'app', RoomId: 'r', Property: true }),
        ),
      );
      assert.equal(server.requests.length, 4);
      assertSpread(server.requests, began, 250, 1);
      // With the detailed budget at one call per 10 s, plain calls still go at once: they would outlive their 5 s
      // deadline if they queued behind it.
      const slow = new RtcClient({
        ...credentials,
        endpoint: server.url,
        throttle: new RateLimiter({ qps: { 'GetRoomOnlineUsers:Property=true': 0.1 }, burstMs: 0 }),
      });
      try {
        await slow.call('GetRoomOnlineUsers', { AppId: 'app', RoomId: 'r', Property: true });
        for (let i = 0; i < 3; i++) {
          await slow.call('GetRoomOnlineUsers', { AppId: 'app', RoomId: 'r' }, { signal: AbortSignal.timeout(5000) });
        }
      } finally {
        await slow.close();
      }
      assert.equal(server.requests.length, 8);
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
      const began = performance.now();
      const calls = Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? a.call('SendUnicast', message)
          : b.call('SendBroadcast', { AppId: 'app', RoomId: 'r', From: 'server', Message: 'hi', Binary: false }),
      );
      await Promise.all(calls);
      assert.equal(server.requests.length, 40);
      // One budget of 20 QPS for both actions and both clients: two calls at once, then one per 50 ms.
      assertSpread(server.requests, began, 50, 2);
    } finally {
      await a.close();
      await b.close();
      await server.close();
    }
  });

  test('another credential has its own budget, and throttle: false sends at once', async () => {
    const server = await startLocalServer();
    // One call per 10 s: anything that has to queue behind `one` would outlive the 5 s deadlines below.
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
      const params = { AppId: 'app', StartTime: '2024-01-01T00:00:00Z', EndTime: '2024-01-01T01:00:00Z' };
      await one.call('ListRoomInfo', params);
      await other.call('ListRoomInfo', params, { signal: AbortSignal.timeout(5000) });
      await Promise.all(
        Array.from({ length: 20 }, () => free.call('ListRoomInfo', params, { signal: AbortSignal.timeout(5000) })),
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
      const params = { AppId: 'app', StartTime: '2024-01-01T00:00:00Z', EndTime: '2024-01-01T01:00:00Z' };
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
