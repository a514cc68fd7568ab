import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CacheRegistry } from '../../src/store/cache-registry.js';
import { TtlCache } from '../../src/store/ttl-cache.js';

function cacheOf<V>(ttlMs: number, maxEntries: number, registry = new CacheRegistry()) {
  return new TtlCache<V>({ name: 'test.cache', ttlMs, maxEntries, registry });
}

test('entries expire after ttlMs, can be dropped, and a full cache starts over', () => {
  const cache = cacheOf<string>(1000, 3);
  cache.set('a', 'A', 0);
  assert.equal(cache.get('a', 999), 'A');
  assert.equal(cache.get('a', 1000), undefined, 'expired at exactly ttlMs');
  cache.set('a', 'A', 0);
  cache.delete('a');
  assert.equal(cache.get('a', 1), undefined);
  cache.set('x', 'X', 0);
  cache.set('y', 'Y', 0);
  cache.set('z', 'Z', 0);
  cache.set('z', 'Z2', 0);
  assert.equal(cache.size, 3, 'writing a key it holds does not reach the bound');
  cache.set('w', 'W', 0);
  assert.equal(cache.get('x', 1), undefined, 'the bound cleared the older entries');
  assert.equal(cache.get('w', 1), 'W');
  assert.equal(cache.size, 1);
});

test('a zero ttl caches nothing', () => {
  const cache = cacheOf<number>(0, 10);
  cache.set('a', 1, 0);
  assert.equal(cache.get('a', 0), undefined);
  assert.equal(cache.size, 0);
});

test('hits and misses are counted: an absent or expired entry is a miss', () => {
  const cache = cacheOf<string>(1000, 10);
  assert.equal(cache.get('a', 0), undefined);
  cache.set('a', 'A', 0);
  assert.equal(cache.get('a', 10), 'A');
  assert.equal(cache.get('a', 20), 'A');
  assert.equal(cache.get('a', 1000), undefined);
  assert.deepEqual(cache.stats(), { name: 'test.cache', entries: 0, hits: 2, misses: 2 });
});

test('getOrLoad loads once per ttl, at once when the load answers at once, and never keeps undefined', () => {
  const cache = cacheOf<string>(60_000, 10);
  const loads: string[] = [];
  const load = (key: string) => {
    loads.push(key);
    return key === 'missing' ? undefined : key.toUpperCase();
  };
  assert.equal(cache.getOrLoad('a', load), 'A', 'answered without a promise');
  assert.equal(cache.getOrLoad('a', load), 'A');
  assert.equal(cache.getOrLoad('missing', load), undefined);
  assert.equal(cache.getOrLoad('missing', load), undefined);
  assert.deepEqual(loads, ['a', 'missing', 'missing'], 'a missing value is looked up each time');
  assert.deepEqual(cache.stats(), { name: 'test.cache', entries: 1, hits: 1, misses: 3 });
});

test('a load that waited is kept, unless an entry was dropped while it waited (it may be stale)', async () => {
  const cache = cacheOf<string>(60_000, 10);
  let loads = 0;
  const load = async (key: string) => {
    loads++;
    return `${key}${loads}`;
  };
  const first = cache.getOrLoad('a', load);
  assert.ok(first instanceof Promise);
  assert.equal(await first, 'a1');
  assert.equal(cache.getOrLoad('a', load), 'a1', 'kept once it arrived');

  const racing = cache.getOrLoad('b', load);
  cache.delete('b'); // a write through the service while the load was on its way
  assert.equal(await racing, 'b2', 'the caller still gets its answer');
  assert.equal(await cache.getOrLoad('b', load), 'b3', 'but it was not kept');
});

test('the registry lists every cache by name and refuses a second cache of a name', () => {
  const registry = new CacheRegistry();
  const keys = cacheOf<string>(1000, 10, registry);
  const lists = new TtlCache<string[]>({ name: 'test.lists', ttlMs: 1000, maxEntries: 5, registry });
  keys.set('k', 'v');
  keys.get('k');
  lists.get('nothing');
  assert.deepEqual(registry.stats(), [
    { name: 'test.cache', entries: 1, hits: 1, misses: 0 },
    { name: 'test.lists', entries: 0, hits: 0, misses: 1 },
  ]);
  assert.throws(() => cacheOf<string>(1000, 10, registry), /test\.cache is registered already/);
  assert.throws(() => cacheOf<string>(1000, 0), /maxEntries/);
});
