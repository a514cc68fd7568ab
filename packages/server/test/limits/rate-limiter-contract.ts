import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RateLimiter } from '../../src/limits/rate-limiter.js';

/**
 * What every RateLimiter must do (GCRA semantics), run against each implementation: `fresh` gives a limiter with no
 * budgets drawn yet. The clock is passed in, so no test waits.
 */
export function rateLimiterContract(fresh: () => RateLimiter): void {
  const limit = { ratePerSecond: 10, burst: 10 };

  it('admits a full burst at once, then refuses the next request', async () => {
    const limiter = fresh();
    for (let i = 0; i < 10; i++) assert.equal((await limiter.take('a', limit, 1000)).allowed, true, `request ${i}`);
    assert.deepEqual(await limiter.take('a', limit, 1000), { allowed: false, retryAfterMs: 100 });
  });

  it('refills at the rate: one request per emission interval after the burst', async () => {
    const limiter = fresh();
    for (let i = 0; i < 10; i++) await limiter.take('a', limit, 0);
    assert.equal((await limiter.take('a', limit, 99)).allowed, false);
    assert.equal((await limiter.take('a', limit, 100)).allowed, true);
    assert.equal((await limiter.take('a', limit, 100)).allowed, false);
  });

  it('never admits twice the limit across a second boundary (unlike a per-second counter)', async () => {
    const limiter = fresh();
    let admitted = 0;
    // 50 requests at 999 ms and 50 more at 1001 ms: a fixed window would admit 20.
    for (let i = 0; i < 50; i++) if ((await limiter.take('a', limit, 999)).allowed) admitted++;
    for (let i = 0; i < 50; i++) if ((await limiter.take('a', limit, 1001)).allowed) admitted++;
    assert.equal(admitted, 10);
  });

  it('admits at most burst + rate x t over any span when hammered', async () => {
    const limiter = fresh();
    let admitted = 0;
    for (let t = 0; t <= 3000; t += 5) {
      for (let k = 0; k < 3; k++) if ((await limiter.take('a', limit, t)).allowed) admitted++;
    }
    assert.equal(admitted, 10 + 30);
  });

  it('keeps separate budgets per key', async () => {
    const limiter = fresh();
    const one = { ratePerSecond: 1, burst: 1 };
    assert.equal((await limiter.take('acct-1:StartRecord', one, 0)).allowed, true);
    assert.equal((await limiter.take('acct-1:StartRecord', one, 0)).allowed, false);
    assert.equal((await limiter.take('acct-2:StartRecord', one, 0)).allowed, true);
    assert.equal((await limiter.take('acct-1:StopRecord', one, 0)).allowed, true);
  });

  it('handles fractional rates (a scaled-down limit)', async () => {
    const limiter = fresh();
    const slow = { ratePerSecond: 0.5, burst: 1 };
    assert.equal((await limiter.take('a', slow, 0)).allowed, true);
    assert.deepEqual(await limiter.take('a', slow, 1000), { allowed: false, retryAfterMs: 1000 });
    assert.equal((await limiter.take('a', slow, 2000)).allowed, true);
  });
}
