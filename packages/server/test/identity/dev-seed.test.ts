import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEV_DEFAULTS, seedDevAccount } from '../../src/identity/dev-seed.js';
import { openServices } from '../../src/store/open-services.js';
import { tempDataDir, tempServices } from '../store/temp-data-dir.js';

test('the dev seed makes a usable account, key and app with the documented defaults', async (t) => {
  const services = tempServices(t);
  const seed = await seedDevAccount(services, {});
  assert.deepEqual(
    { ...seed, userId: undefined },
    {
      accountId: DEV_DEFAULTS.accountId,
      userId: undefined,
      accessKeyId: DEV_DEFAULTS.accessKeyId,
      secretAccessKey: DEV_DEFAULTS.secretAccessKey,
      appId: DEV_DEFAULTS.appId,
      appKey: DEV_DEFAULTS.appKey,
      created: true,
    },
  );
  assert.match(seed.appId, /^[0-9a-f]{24}$/);
  assert.match(seed.appKey, /^[0-9a-f]{32}$/);
  const resolved = await services.identity.resolveAccessKey(seed.accessKeyId);
  assert.equal(resolved?.secretAccessKey, seed.secretAccessKey);
  assert.equal(resolved?.principal.isMainUser, true);
  await services.identity.authorize(resolved!.principal, 'ListApps', seed.appId);
  assert.equal((await services.apps.getApp(seed.appId))?.appKey, seed.appKey);
});

test('the dev seed is idempotent across restarts', async (t) => {
  const dataDir = tempDataDir(t);
  const first = openServices({ dataDir, env: {} });
  const seeded = await seedDevAccount(first, {});
  first.close();
  const second = openServices({ dataDir, env: {} });
  t.after(() => second.close());
  const again = await seedDevAccount(second, {});
  assert.deepEqual(again, { ...seeded, created: false });
  assert.equal((await second.identity.listAccounts({ offset: 0, limit: 10 })).total, 1);
  assert.equal((await second.apps.listApps(undefined, { offset: 0, limit: 10 })).total, 1);
});

test('RTC_DEV_* replace the defaults; a later run with other values says what differs', async (t) => {
  const services = tempServices(t);
  const env = {
    RTC_DEV_ACCESS_KEY_ID: 'AKLT' + 'Q'.repeat(40),
    RTC_DEV_SECRET_ACCESS_KEY: 'my-own-dev-secret-0123456789',
    RTC_DEV_APP_ID: '661e4a3c5b7d8e001234abcd',
    RTC_DEV_APP_KEY: '0123456789abcdef0123456789abcdef',
  };
  const seed = await seedDevAccount(services, env);
  assert.equal(seed.accessKeyId, env.RTC_DEV_ACCESS_KEY_ID);
  assert.equal(seed.secretAccessKey, env.RTC_DEV_SECRET_ACCESS_KEY);
  assert.equal(seed.appId, env.RTC_DEV_APP_ID);
  assert.equal(seed.appKey, env.RTC_DEV_APP_KEY);
  assert.equal(
    (await services.identity.resolveAccessKey(env.RTC_DEV_ACCESS_KEY_ID))?.secretAccessKey,
    seed.secretAccessKey,
  );
  await assert.rejects(
    seedDevAccount(services, { ...env, RTC_DEV_SECRET_ACCESS_KEY: 'another-secret-0123456789' }),
    /another secret/,
  );
  await assert.rejects(seedDevAccount(services, { ...env, RTC_DEV_APP_KEY: 'f'.repeat(32) }), /another AppKey/);
});

test('malformed RTC_DEV_* values are refused before anything is written', async (t) => {
  const services = tempServices(t);
  await assert.rejects(seedDevAccount(services, { RTC_DEV_APP_ID: 'not-hex' }), /RTC_DEV_APP_ID/);
  await assert.rejects(seedDevAccount(services, { RTC_DEV_APP_KEY: 'ABC' }), /RTC_DEV_APP_KEY/);
  await assert.rejects(seedDevAccount(services, { RTC_DEV_ACCESS_KEY_ID: 'AK123' }), /RTC_DEV_ACCESS_KEY_ID/);
  await assert.rejects(seedDevAccount(services, { RTC_DEV_SECRET_ACCESS_KEY: 'short' }), /RTC_DEV_SECRET_ACCESS_KEY/);
  assert.equal((await services.identity.listAccounts({ offset: 0, limit: 10 })).total, 0);
});
