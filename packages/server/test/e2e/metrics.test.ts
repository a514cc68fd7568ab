// /metrics of the whole server: every named cache's size, hits and misses after real calls, and no cache contents.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDevSession, type DevSession } from './e2e-server.js';

/** `metric{cache="name"} value` lines, by metric and cache name. */
function cacheSeries(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const match of text.matchAll(/^(rtc_cache_\w+)\{cache="([^"]+)"\} (\d+)$/gm)) {
    series.set(`${match[1]} ${match[2]}`, Number(match[3]));
  }
  return series;
}

describe('/metrics shows the caches', () => {
  let session: DevSession;
  before(async () => {
    session = await startDevSession();
  });
  after(() => session.stop());

  it('prints entries, hits and misses of every named cache, counting the calls made', async () => {
    const { client, dev, running } = session;
    for (let i = 0; i < 3; i++) await client.call('ListApps', {});
    for (let i = 0; i < 2; i++) await client.call('GetAllBusinessID', { AppID: dev.appId });
    const response = await fetch(`${running.url}/metrics`);
    assert.equal(response.status, 200);
    const text = await response.text();

    for (const [metric, type] of [
      ['rtc_cache_entries', 'gauge'],
      ['rtc_cache_hits_total', 'counter'],
      ['rtc_cache_misses_total', 'counter'],
    ]) {
      assert.match(text, new RegExp(`^# HELP ${metric} `, 'm'));
      assert.match(text, new RegExp(`^# TYPE ${metric} ${type}$`, 'm'));
    }
    const series = cacheSeries(text);
    const names = [
      'identity.access_keys',
      'identity.rtc_enabled',
      'identity.policies',
      'identity.rate_limit_overrides',
      'apps.by_id',
      'apps.by_account',
    ];
    for (const name of names) {
      for (const metric of ['rtc_cache_entries', 'rtc_cache_hits_total', 'rtc_cache_misses_total']) {
        assert.ok(series.has(`${metric} ${name}`), `${metric}{cache="${name}"} is missing:\n${text}`);
      }
    }
    const value = (metric: string, name: string) => series.get(`${metric} ${name}`)!;
    // Five calls with one key: read once, then from the cache.
    assert.equal(value('rtc_cache_entries', 'identity.access_keys'), 1);
    assert.ok(value('rtc_cache_hits_total', 'identity.access_keys') >= 4);
    assert.ok(value('rtc_cache_hits_total', 'identity.rtc_enabled') >= 4);
    assert.ok(value('rtc_cache_hits_total', 'identity.rate_limit_overrides') >= 4);
    // Three ListApps: the account's list read once. Two calls naming the app: its owner read once.
    assert.equal(value('rtc_cache_entries', 'apps.by_account'), 1);
    assert.ok(value('rtc_cache_misses_total', 'apps.by_account') >= 1);
    assert.ok(value('rtc_cache_hits_total', 'apps.by_account') >= 2);
    assert.ok(value('rtc_cache_entries', 'apps.by_id') >= 1);
    assert.ok(value('rtc_cache_hits_total', 'apps.by_id') >= 1);
    // Counts only: no key, AppId or secret of what the caches hold.
    for (const secret of [dev.secretAccessKey, dev.appKey, dev.accessKeyId, dev.appId]) {
      assert.ok(!text.includes(secret), 'a cached value reached /metrics');
    }
  });
});
