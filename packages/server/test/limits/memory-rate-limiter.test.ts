import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRateLimiter } from '../../src/limits/memory-rate-limiter.js';

describe('MemoryRateLimiter (GCRA)', () => {
  const limit = { ratePerSecond: 10, burst: 10 };

  it('admits a full burst at once, then refuses the next request', () => {
    const limiter = new MemoryRateLimiter();
    for (let i = 0; i < 10; i++) assert.equal(limiter.take('a', limit, 1000).allowed, true, `request ${i}`);
    const refused = limiter.take('a', limit, 1000);
    assert.equal(refused.allowed, false);
    assert.equal(!refused.allowed && refused.retryAfterMs, 100);
  });

  it('refills at the rate: one request per emission interval after the burst', () => {
    const limiter = new MemoryRateLimiter();
    for (let i = 0; i < 10; i++) limiter.take('a', limit, 0);
    assert.equal(limiter.take('a', limit, 99).allowed, false);
    assert.equal(limiter.take('a', limit, 100).allowed, true);
    assert.equal(limiter.take('a', limit, 100).allowed, false);
  });

  it('never admits twice the limit across a second boundary (unlike a per-second counter)', () => {
    const limiter = new MemoryRateLimiter();
    let admitted = 0;
    // 50 requests at 999 ms and 50 more at 1001 ms: a fixed window would admit 20.
    for (let i = 0; i < 50; i++) if (limiter.take('a', limit, 999).allowed) admitted++;
    for (let i = 0; i < 50; i++) if (limiter.take('a', limit, 1001).allowed) admitted++;
    assert.equal(admitted, 10);
  });

  it('admits at most burst + rate x t over any span when hammered', () => {
    const limiter = new MemoryRateLimiter();
    let admitted = 0;
    for (let t = 0; t <= 3000; t += 1) for (let k = 0; k < 3; k++) if (limiter.take('a', limit, t).allowed) admitted++;
    assert.equal(admitted, 10 + 30);
  });

  it('keeps separate budgets per key', () => {
    const limiter = new MemoryRateLimiter();
    const one = { ratePerSecond: 1, burst: 1 };
    assert.equal(limiter.take('acct-1:StartRecord', one, 0).allowed, true);
    assert.equal(limiter.take('acct-1:StartRecord', one, 0).allowed, false);
    assert.equal(limiter.take('acct-2:StartRecord', one, 0).allowed, true);
    assert.equal(limiter.take('acct-1:StopRecord', one, 0).allowed, true);
  });

  it('handles fractional rates (a scaled-down limit)', async () => {
    const limiter = new MemoryRateLimiter();
    const slow = { ratePerSecond: 0.5, burst: 1 };
    assert.equal((await limiter.take('a', slow, 0)).allowed, true);
    const refused = await limiter.take('a', slow, 1000);
    assert.deepEqual(refused, { allowed: false, retryAfterMs: 1000 });
    assert.equal((await limiter.take('a', slow, 2000)).allowed, true);
  });
});
