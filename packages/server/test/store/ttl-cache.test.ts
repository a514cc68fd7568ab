import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlCache } from '../../src/store/ttl-cache.js';

test('entries expire after ttlMs, can be dropped, and a full cache starts over', () => {
  const cache = new TtlCache<string>(1000, 3);
  cache.set('a', 'A', 0);
  assert.equal(cache.get('a', 999), 'A');
  assert.equal(cache.get('a', 1000), undefined, 'expired at exactly ttlMs');
  cache.set('a', 'A', 0);
  cache.delete('a');
  assert.equal(cache.get('a', 1), undefined);
  cache.set('x', 'X', 0);
  cache.set('y', 'Y', 0);
  cache.set('z', 'Z', 0);
  cache.set('w', 'W', 0);
  assert.equal(cache.get('x', 1), undefined, 'the bound cleared the older entries');
  assert.equal(cache.get('w', 1), 'W');
});

test('a zero ttl caches nothing', () => {
  const cache = new TtlCache<number>(0);
  cache.set('a', 1, 0);
  assert.equal(cache.get('a', 0), undefined);
});
