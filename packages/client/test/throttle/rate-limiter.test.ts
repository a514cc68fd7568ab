import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RateLimiter } from '../../src/throttle/rate-limiter.js';

/** Sends `count` calls at time 0 and returns when each may go. */
function schedule(limiter: RateLimiter, count: number, qps: number, key = 'k'): number[] {
  return Array.from({ length: count }, () => limiter.take(key, 'group', qps).delayMs);
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('RateLimiter', () => {
  test('a burst of 3 s worth of calls is spread so no second holds more than QPS + burst', () => {
    const limiter = new RateLimiter({}, () => 0);
    const times = schedule(limiter, 180, 60);
    // burst 100 ms at 60 QPS = 6 calls at once, then one every 1/60 s.
    assert.equal(times.filter((t) => t === 0).length, 6);
    assert.ok(maxInAnyWindow(times, 1000) <= 60 + 6);
    assert.ok(Math.max(...times) >= 2800);
  });

  test('keys are independent, and one key shares its budget across callers', () => {
    const limiter = new RateLimiter({ burstMs: 0 }, () => 0);
    assert.deepEqual(schedule(limiter, 3, 10, 'a'), [0, 100, 200]);
    assert.deepEqual(schedule(limiter, 1, 10, 'b'), [0]);
    assert.deepEqual(schedule(limiter, 1, 10, 'a'), [300]);
  });

  test('the budget refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter({ burstMs: 0 }, () => now);
    schedule(limiter, 5, 10);
    now = 10_000;
    assert.deepEqual(schedule(limiter, 2, 10), [0, 100]);
  });

  test('a cancelled slot is handed back', () => {
    const limiter = new RateLimiter({ burstMs: 0 }, () => 0);
    schedule(limiter, 2, 10);
    const slot = limiter.take('k', 'group', 10);
    assert.equal(slot.delayMs, 200);
    slot.cancel();
    assert.equal(limiter.take('k', 'group', 10).delayMs, 200);
  });

  test('QPS overrides per rate group; bad options name the field', () => {
    const limiter = new RateLimiter({ burstMs: 0, qps: { group: 2 } }, () => 0);
    assert.deepEqual(schedule(limiter, 2, 10), [0, 500]);
    assert.throws(() => new RateLimiter({ qps: { SendUnicast: 0 } }), { field: 'throttle.qps.SendUnicast' });
    assert.throws(() => new RateLimiter({ burstMs: -5 }), { field: 'throttle.burstMs' });
  });
});
