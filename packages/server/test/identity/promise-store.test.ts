// Identity and apps over stores that answer every call with a promise, as a networked store (PostgreSQL) would:
// the services and the gate wait where they must, and answer at once from their caches afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { AppService } from '../../src/apps/app-service.js';
import { SqliteAppStore } from '../../src/apps/sqlite-app-store.js';
import { ApiError } from '../../src/errors/api-error.js';
import { IdentityService } from '../../src/identity/identity-service.js';
import { SecretCipher } from '../../src/identity/secret-cipher.js';
import { SqliteIdentityStore } from '../../src/identity/sqlite-identity-store.js';
import { CacheRegistry } from '../../src/store/cache-registry.js';
import { closeDatabase, openDatabase } from '../../src/store/database.js';

/** Every method of `store` answers with a promise of what it answered (or a rejection of what it threw). */
function answeringLater<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        Promise.resolve().then(() => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

function services(t: TestContext) {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => closeDatabase(db));
  const cipher = new SecretCipher(randomBytes(32));
  const caches = new CacheRegistry();
  const apps = new AppService({ store: answeringLater(new SqliteAppStore(db)), cipher, cacheMs: 60_000, caches });
  const identity = new IdentityService({
    store: answeringLater(new SqliteIdentityStore(db)),
    cipher,
    apps,
    cacheMs: 60_000,
    caches,
  });
  return { identity, apps };
}

async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error.code;
  }
  return 'OK';
}

test('the gate waits for a store that answers later, then answers from its caches at once', async (t) => {
  const { identity, apps } = services(t);
  const account = await identity.createAccount({ rtcEnabled: true });
  const app = await apps.createApp(account.accountId, { name: 'demo' });
  const key = await identity.createAccessKey(account.mainUserId);

  const first = identity.resolveAccessKey(key.accessKeyId);
  assert.ok(first instanceof Promise, 'the first lookup waits for the store');
  const { principal } = (await first)!;
  const again = identity.resolveAccessKey(key.accessKeyId);
  assert.ok(!(again instanceof Promise), 'then it is cached');
  assert.equal(again?.secretAccessKey, key.secretAccessKey);

  const owned = identity.authorize(principal, 'StartRecord', app.appId);
  assert.ok(owned instanceof Promise);
  assert.deepEqual(await owned, { appId: app.appId, accountId: account.accountId });
  assert.deepEqual(identity.authorize(principal, 'StartRecord', app.appId), {
    appId: app.appId,
    accountId: account.accountId,
  });
  assert.equal(await identity.resolveAccessKey('AKLTunknown'), undefined);
  assert.equal(identity.resolveAccessKey('AKLTunknown'), undefined, 'an unknown key is remembered too');
});

test('the same refusals, in the same order, when every fact must be waited for', async (t) => {
  const { identity, apps } = services(t);
  const account = await identity.createAccount({ rtcEnabled: true });
  const app = await apps.createApp(account.accountId, { name: 'mine' });
  const other = await identity.createAccount({ rtcEnabled: true });
  const foreign = await apps.createApp(other.accountId, { name: 'theirs' });
  const user = await identity.createUser(account.accountId, 'ops');
  const principal = (await identity.resolveAccessKey((await identity.createAccessKey(user.userId)).accessKeyId))!
    .principal;

  assert.equal(await codeOf(() => identity.authorize(principal, 'ListApps', app.appId)), 'LackPolicy');
  await identity.attachPolicy(user.userId, { action: 'rtc:*', appIds: [app.appId] });
  assert.equal(await codeOf(() => identity.authorize(principal, 'ListApps', app.appId)), 'OK');
  assert.equal(await codeOf(() => identity.authorize(principal, 'ListApps', undefined)), 'AccessDenied');
  await identity.attachPolicy(user.userId, { action: '*' });
  assert.equal(
    await codeOf(() => identity.authorize(principal, 'ListApps', foreign.appId)),
    'InvalidParameter.AccountIdMismatch',
  );
  assert.equal(
    await codeOf(() => identity.authorize(principal, 'ListApps', '0123456789abcdef01234567')),
    'InvalidParameter.NotExistAppId',
  );
  await identity.setRtcEnabled(account.accountId, false);
  assert.equal(
    await codeOf(() => identity.authorize(principal, 'ListApps', app.appId)),
    'AccessDenied.ServiceNotEnabled',
  );
});

test('writes, lists and refusals of the store reach the caller through the services', async (t) => {
  const { identity, apps } = services(t);
  const account = await identity.createAccount({ rtcEnabled: true });
  await identity.setRateLimitOverride(account.accountId, 'ListApps', 3);
  assert.deepEqual(await identity.rateLimitOverridesFor(account.accountId), { ListApps: 3 });
  assert.deepEqual(identity.rateLimitOverridesFor(account.accountId), { ListApps: 3 }, 'cached');
  await assert.rejects(identity.setRateLimitOverride('2199999999', 'ListApps', 1), { field: 'accountId' });
  await assert.rejects(identity.createUser('2199999999', 'ops'), { kind: 'not-found', field: 'accountId' });

  for (const name of ['a', 'b']) await apps.createApp(account.accountId, { name });
  const listed = await apps.listApps(account.accountId, { offset: 0, limit: 10, newestFirst: true });
  assert.deepEqual(
    listed.items.map((app) => app.name),
    ['b', 'a'],
  );
  assert.equal((await apps.listApps(undefined, { offset: 0, limit: 10 })).total, 2);
  const [first] = listed.items;
  assert.equal((await apps.setAppStatus(first!.appId, 'disabled')).status, 'disabled');
  await apps.addBusinessId(first!.appId, 'biz', 'remarks');
  await assert.rejects(apps.addBusinessId(first!.appId, 'biz', 'other'), { kind: 'conflict' });
  assert.equal((await apps.listBusinessIds(first!.appId, { offset: 0, limit: 10 })).total, 1);
});
