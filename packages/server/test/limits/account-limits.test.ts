import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountLimits, rateLimitScaleFromEnv } from '../../src/limits/account-limits.js';

describe('AccountLimits', () => {
  it('uses the catalog QPS, with a one-second burst', async () => {
    const limits = new AccountLimits({ scale: 1 });
    assert.deepEqual(await limits.limitFor('1', 'StartRecord', 60), { ratePerSecond: 60, burst: 60 });
  });

  it('multiplies by the server-wide scale', async () => {
    const limits = new AccountLimits({ scale: 10 });
    assert.deepEqual(await limits.limitFor('1', 'messaging', 500), { ratePerSecond: 5000, burst: 5000 });
  });

  it("prefers the account's override for the rate group, asking its source (which caches) every time", async () => {
    let reads = 0;
    const limits = new AccountLimits({
      scale: 2,
      overridesFor: (accountId) => {
        reads++;
        return accountId === '7' ? { StartRecord: 3 } : undefined;
      },
    });
    assert.equal((await limits.limitFor('7', 'StartRecord', 60)).ratePerSecond, 6);
    assert.equal((await limits.limitFor('7', 'StopRecord', 60)).ratePerSecond, 120);
    assert.equal((await limits.limitFor('8', 'StartRecord', 60)).ratePerSecond, 120);
    assert.equal(reads, 3);
    await limits.limitFor('7', 'StartRecord', 60);
    assert.equal(reads, 4);
  });

  it('keeps a burst of at least one request for rates under 1/s', async () => {
    const limits = new AccountLimits({ scale: 0.01 });
    assert.deepEqual(await limits.limitFor('1', 'ListApps', 20), { ratePerSecond: 0.2, burst: 1 });
  });

  it('reads RTC_RATE_LIMIT_SCALE, refusing what is not a positive number', () => {
    assert.equal(rateLimitScaleFromEnv(undefined), 1);
    assert.equal(rateLimitScaleFromEnv(''), 1);
    assert.equal(rateLimitScaleFromEnv('10'), 10);
    assert.equal(rateLimitScaleFromEnv('0.5'), 0.5);
    assert.throws(() => rateLimitScaleFromEnv('0'), /RTC_RATE_LIMIT_SCALE must be a positive number/);
    assert.throws(() => rateLimitScaleFromEnv('ten'), /RTC_RATE_LIMIT_SCALE/);
    assert.throws(() => new AccountLimits({ scale: -1 }), RangeError);
  });
});
