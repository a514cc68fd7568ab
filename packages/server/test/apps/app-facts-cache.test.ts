import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openServices, type Services } from '../../src/store/open-services.js';
import { tempServices } from '../store/temp-data-dir.js';

const ALL = { offset: 0, limit: 100 };

function statsOf(services: Services, name: string) {
  const stats = services.caches.stats().find((cache) => cache.name === name);
  assert.ok(stats, `no cache named ${name}`);
  return stats;
}

test('every cache of the services is named, and "who owns this app" is cached once, by apps', async (t) => {
  const services = tempServices(t, { cacheMs: 60_000 });
  assert.deepEqual(
    services.caches
      .stats()
      .map((cache) => cache.name)
      .sort(),
    [
      'apps.by_account',
      'apps.by_id',
      'identity.access_keys',
      'identity.policies',
      'identity.rate_limit_overrides',
      'identity.rtc_enabled',
    ],
  );
  const { identity, apps } = services;
  const account = await identity.createAccount({ rtcEnabled: true });
  const app = await apps.createApp(account.accountId, { name: 'demo' });
  const key = await identity.createAccessKey(account.mainUserId);
  const { principal } = (await identity.resolveAccessKey(key.accessKeyId))!;

  const before = statsOf(services, 'apps.by_id');
  await identity.authorize(principal, 'StartRecord', app.appId);
  await identity.authorize(principal, 'StartRecord', app.appId);
  assert.equal((await apps.getApp(app.appId))?.appKey, app.appKey);
  const after = statsOf(services, 'apps.by_id');
  assert.equal(after.misses - before.misses, 1, 'the owner was read once');
  assert.equal(after.hits - before.hits, 2, 'then answered from the cache, for authorize and getApp alike');
  assert.equal(after.entries, 1);
});

test("an app's facts are cached, and writes through the service are seen at once", async (t) => {
  const { apps, identity, db } = tempServices(t, { cacheMs: 60_000 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const created = await apps.createApp(account.accountId, { name: 'demo' });
  assert.equal((await apps.getApp(created.appId))?.name, 'demo');
  assert.deepEqual(await apps.getAppOwner(created.appId), { appId: created.appId, accountId: account.accountId });
  // A write behind the service's back is not seen while the entry lives: the reads are served from memory.
  db.prepare("UPDATE apps SET name = 'renamed' WHERE app_id = ?").run(created.appId);
  assert.equal((await apps.getApp(created.appId))?.name, 'demo');
  // A change through the service drops the entry.
  assert.equal((await apps.setAppStatus(created.appId, 'disabled')).name, 'renamed');
  assert.equal((await apps.getApp(created.appId))?.status, 'disabled');
  const cached = await apps.getApp(created.appId);
  assert.throws(() => {
    (cached as { status: string }).status = 'enabled';
  }, TypeError);
});

test('an unknown AppId is not remembered as missing: an app another process creates is found at once', async (t) => {
  const { apps, identity, dataDir } = tempServices(t, { cacheMs: 60_000 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const appId = '0123456789abcdef01234567';
  assert.equal(await apps.getApp(appId), undefined);
  assert.equal(await apps.getAppOwner(appId), undefined);
  const cli = openServices({ dataDir, env: {} });
  await cli.apps.createApp(account.accountId, { name: 'late', appId });
  cli.close();
  assert.equal((await apps.getAppOwner(appId))?.accountId, account.accountId);
});

test('a status set by another process is seen once the cache time has passed', async (t) => {
  const { apps, identity, dataDir } = tempServices(t, { cacheMs: 0 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const app = await apps.createApp(account.accountId, { name: 'demo' });
  assert.equal((await apps.getApp(app.appId))?.status, 'enabled');
  const cli = openServices({ dataDir, env: {} });
  await cli.apps.setAppStatus(app.appId, 'disabled');
  cli.close();
  assert.equal((await apps.getApp(app.appId))?.status, 'disabled');
});

test("listing reuses the open AppKeys of cached apps: only a new app's keys are decrypted", async (t) => {
  const services = tempServices(t, { cacheMs: 60_000 });
  const { apps, identity, cipher } = services;
  const account = await identity.createAccount({ rtcEnabled: true });
  for (const name of ['a', 'b', 'c']) await apps.createApp(account.accountId, { name });
  let decrypted = 0;
  const decrypt = cipher.decrypt.bind(cipher);
  cipher.decrypt = (ciphertext, associatedData) => {
    decrypted++;
    return decrypt(ciphertext, associatedData);
  };
  assert.equal((await apps.listApps(account.accountId, ALL)).total, 3);
  assert.equal(decrypted, 6, 'two keys per app');
  const fourth = await apps.createApp(account.accountId, { name: 'd' }); // drops the account's list
  const listed = await apps.listApps(account.accountId, ALL);
  assert.deepEqual(
    listed.items.map((app) => app.name),
    ['a', 'b', 'c', 'd'],
  );
  assert.equal(decrypted, 8, "the cached apps' keys were not decrypted again");
  assert.equal(listed.items[3]?.appKey, fourth.appKey);
  assert.equal((await apps.getApp(fourth.appId))?.secondaryAppKey, fourth.secondaryAppKey);
  assert.equal(decrypted, 8, 'the list put each app in apps.by_id');
});
