import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { getActionSpec } from '@rtc-openapi/api';
import { RedisRateLimiter } from '../../src/limits/redis-rate-limiter.js';
import { call, codeOf, MemoryIdentity, startGateway, testKey, type Gateway } from '../gateway/gateway-harness.js';
import { REDIS_URL, redisUnavailable, uniquePrefix } from '../support/redis.js';
import { rateLimiterContract } from './rate-limiter-contract.js';

const skip = await redisUnavailable();
const NOW = Date.parse('2024-05-20T08:30:00Z');

describe('RedisRateLimiter (GCRA in Redis)', { skip }, () => {
  const made: RedisRateLimiter[] = [];
  const limiter = (prefix = uniquePrefix('contract')) => {
    const one = new RedisRateLimiter({ url: REDIS_URL, keyPrefix: prefix });
    made.push(one);
    return one;
  };
  after(() => Promise.all(made.map((l) => l.close())));

  rateLimiterContract(() => limiter());

  it('two nodes on one Redis draw on one budget', async () => {
    const prefix = uniquePrefix('nodes');
    const [a, b] = [limiter(prefix), limiter(prefix)];
    const limit = { ratePerSecond: 5, burst: 5 };
    const admitted = [];
    for (let i = 0; i < 10; i++) admitted.push((await (i % 2 === 0 ? a : b).take('acct:ListApps', limit, 0)).allowed);
    assert.deepEqual(admitted, [...Array<boolean>(5).fill(true), ...Array<boolean>(5).fill(false)]);
  });

  it('concurrent takes from both nodes never admit more than the budget', async () => {
    const prefix = uniquePrefix('race');
    const [a, b] = [limiter(prefix), limiter(prefix)];
    const limit = { ratePerSecond: 20, burst: 20 };
    const decisions = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).take('acct:StartRecord', limit, 0)),
    );
    assert.equal(decisions.filter((d) => d.allowed).length, 20);
  });

  it('a Redis that does not answer fails the decision quickly instead of hanging', async () => {
    const dead = new RedisRateLimiter({ url: 'redis://127.0.0.1:1/0', commandTimeoutMs: 500 });
    const started = Date.now();
    await assert.rejects(dead.take('k', { ratePerSecond: 1, burst: 1 }, 0));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    await dead.close();
  });

  describe('behind two gateways (two nodes, one account)', () => {
    const gateways: Gateway[] = [];
    after(() => Promise.all(gateways.map((g) => g.close())));

    it('the account-wide QPS is shared: the node that did not see the burst refuses the next call', async () => {
      const identity = new MemoryIdentity();
      const key = identity.addKey(testKey('2100000001'));
      const prefix = uniquePrefix('gateways');
      for (let i = 0; i < 2; i++) {
        gateways.push(await startGateway({ identity, clock: () => NOW, rateLimiter: limiter(prefix) }));
      }
      const [one, two] = gateways as [Gateway, Gateway];
      const qps = getActionSpec('ListApps', '2023-11-01')!.qps;
      const date = new Date(NOW);
      const request = { action: 'ListApps', version: '2023-11-01', body: {}, key, date };
      for (let i = 0; i < qps; i++) {
        assert.equal(codeOf(await call((i % 2 === 0 ? one : two).url, request)), 'OK', `call ${i}`);
      }
      const over = await call(two.url, request);
      assert.equal(over.status, 429);
      assert.equal(codeOf(over), 'FlowLimitExceeded.QPSOverLimit');
      assert.equal(codeOf(await call(one.url, request)), 'FlowLimitExceeded.QPSOverLimit');
    });

    it('a gateway whose Redis is gone answers InternalError in an envelope, and logs the cause', async () => {
      const identity = new MemoryIdentity();
      const key = identity.addKey(testKey('2100000001'));
      const gateway = await startGateway({
        identity,
        clock: () => NOW,
        rateLimiter: new RedisRateLimiter({ url: 'redis://127.0.0.1:1/0', commandTimeoutMs: 500 }),
      });
      gateways.push(gateway);
      const answer = await call(gateway.url, {
        action: 'ListApps',
        version: '2023-11-01',
        body: {},
        key,
        date: new Date(NOW),
      });
      assert.equal(answer.status, 500);
      assert.equal(codeOf(answer), 'InternalError');
      assert.doesNotMatch(JSON.stringify(answer.json), /127\.0\.0\.1:1|ECONNREFUSED|stack/);
      assert.match(gateway.logText(), /"level":50/);
    });
  });
});
