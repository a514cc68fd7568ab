import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openServices } from '../../src/store/open-services.js';
import { tempServices } from '../store/temp-data-dir.js';

const ALL = { offset: 0, limit: 100 };

test('an account app list is cached, and writes through the service are seen at once', async (t) => {
  const { apps, identity, dataDir } = tempServices(t, { cacheMs: 60_000 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const first = await apps.createApp(account.accountId, { name: 'first' });
  assert.deepEqual(
    (await apps.listApps(account.accountId, ALL)).items.map((app) => app.appId),
    [first.appId],
  );

  const second = await apps.createApp(account.accountId, { name: 'second' });
  const listed = await apps.listApps(account.accountId, ALL);
  assert.deepEqual(
    listed.items.map((app) => app.appId),
    [first.appId, second.appId],
    'a create drops the list',
  );
  assert.equal(listed.total, 2);
  await apps.setAppStatus(first.appId, 'disabled');
  assert.equal((await apps.listApps(account.accountId, ALL)).items[0]?.status, 'disabled', 'a status change too');

  // Another process on the same data directory (the admin CLI) writes past this service's cache.
  const cli = openServices({ dataDir, env: {} });
  const third = await cli.apps.createApp(account.accountId, { name: 'third' });
  cli.close();
  assert.equal((await apps.listApps(account.accountId, ALL)).total, 2, 'cached for cacheMs');
  assert.equal((await apps.getApp(third.appId))?.name, 'third', 'an app unknown here is read, not remembered missing');
});

test('without caching, an app created by another process is listed at once', async (t) => {
  const { apps, identity, dataDir } = tempServices(t, { cacheMs: 0 });
  const account = await identity.createAccount({ rtcEnabled: true });
  await apps.createApp(account.accountId, { name: 'first' });
  assert.equal((await apps.listApps(account.accountId, ALL)).total, 1);
  const cli = openServices({ dataDir, env: {} });
  await cli.apps.createApp(account.accountId, { name: 'second' });
  cli.close();
  assert.equal((await apps.listApps(account.accountId, ALL)).total, 2);
});

test('pages of a cached list: newest first leaves the cached order alone, and callers cannot change it', async (t) => {
  const { apps, identity } = tempServices(t, { cacheMs: 60_000 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const ids: string[] = [];
  for (const name of ['a', 'b', 'c']) ids.push((await apps.createApp(account.accountId, { name })).appId);

  const names = async (paging: { offset: number; limit: number; newestFirst?: boolean }) =>
    (await apps.listApps(account.accountId, paging)).items.map((app) => app.name);
  assert.deepEqual(await names(ALL), ['a', 'b', 'c']);
  assert.deepEqual(await names({ offset: 0, limit: 2, newestFirst: true }), ['c', 'b']);
  assert.deepEqual(await names({ offset: 1, limit: 5 }), ['b', 'c']);
  assert.deepEqual(await names(ALL), ['a', 'b', 'c'], 'the newest-first page did not reverse the cached list');

  const page = await apps.listApps(account.accountId, ALL);
  assert.equal(page.total, 3);
  assert.throws(() => {
    (page.items[0] as { name: string }).name = 'renamed';
  }, TypeError);
  assert.deepEqual(await names(ALL), ['a', 'b', 'c']);
  assert.deepEqual(
    page.items.map((app) => app.appId),
    ids,
  );
});
