import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Awaitable } from '../../src/awaitable.js';
import { ApiError } from '../../src/errors/api-error.js';
import type { Principal } from '../../src/identity/principal.js';
import { tempServices } from '../store/temp-data-dir.js';

async function setUp(t: TestContext) {
  const services = tempServices(t);
  const { identity, apps } = services;
  const account = await identity.createAccount({ name: 'acme', rtcEnabled: true });
  const appA = await apps.createApp(account.accountId, { name: 'a' });
  const appB = await apps.createApp(account.accountId, { name: 'b' });
  const stranger = await identity.createAccount({ name: 'other', rtcEnabled: true });
  const foreignApp = await apps.createApp(stranger.accountId, { name: 'theirs' });
  const principalOf = async (userId: string): Promise<Principal> => {
    const key = await identity.createAccessKey(userId);
    return (await identity.resolveAccessKey(key.accessKeyId))!.principal;
  };
  return { services, identity, account, appA, appB, foreignApp, principalOf };
}

/** The refusal of `authorize()`, whether it throws at once (facts in memory) or rejects (a lookup it awaited). */
async function denial(authorize: () => Awaitable<unknown>): Promise<{ code: string; message: string }> {
  try {
    await authorize();
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return { code: error.code, message: error.message };
  }
  assert.fail('expected the call to be refused');
}

test('a main user may call any action on its own apps, and on none', async (t) => {
  const { identity, account, appA, principalOf } = await setUp(t);
  const main = await principalOf(account.mainUserId);
  assert.equal(await identity.authorize(main, 'ListApps', undefined), undefined);
  // The app goes on to the handler, resolved and owned.
  assert.deepEqual(await identity.authorize(main, 'StartRecord', appA.appId), {
    appId: appA.appId,
    accountId: account.accountId,
  });
});

test('an account without the RTC service gets AccessDenied.ServiceNotEnabled, main user or not', async (t) => {
  const { identity, appA, account, principalOf } = await setUp(t);
  const main = await principalOf(account.mainUserId);
  await identity.authorize(main, 'ListApps', appA.appId); // enabled, and now cached
  await identity.setRtcEnabled(account.accountId, false);
  const refused = await denial(() => identity.authorize(main, 'ListApps', appA.appId));
  assert.equal(refused.code, 'AccessDenied.ServiceNotEnabled');
  assert.match(refused.message, new RegExp(`RTC service is not enabled for account ${account.accountId}`));
  await identity.setRtcEnabled(account.accountId, true);
  await identity.authorize(main, 'ListApps', appA.appId);
});

test('an AppId of another account is InvalidParameter.AccountIdMismatch "Check owner failed"', async (t) => {
  const { identity, account, foreignApp, principalOf } = await setUp(t);
  const main = await principalOf(account.mainUserId);
  assert.deepEqual(await denial(() => identity.authorize(main, 'ListApps', foreignApp.appId)), {
    code: 'InvalidParameter.AccountIdMismatch',
    message: 'Check owner failed',
  });
});

test('an unknown AppId is InvalidParameter.NotExistAppId', async (t) => {
  const { identity, account, principalOf } = await setUp(t);
  const main = await principalOf(account.mainUserId);
  const refused = await denial(() => identity.authorize(main, 'ListApps', '0123456789abcdef01234567'));
  assert.equal(refused.code, 'InvalidParameter.NotExistAppId');
  assert.match(refused.message, /0123456789abcdef01234567/);
});

test('a sub-user without a policy for the action gets LackPolicy', async (t) => {
  const { identity, account, appA, principalOf } = await setUp(t);
  const user = await identity.createUser(account.accountId, 'ops');
  const ops = await principalOf(user.userId);
  assert.equal((await denial(() => identity.authorize(ops, 'ListApps', appA.appId))).code, 'LackPolicy');
  await identity.attachPolicy(user.userId, { action: 'rtc:StartRecord' });
  const refused = await denial(() => identity.authorize(ops, 'ListApps', appA.appId));
  assert.equal(refused.code, 'LackPolicy');
  assert.match(refused.message, /rtc:ListApps/);
  await identity.authorize(ops, 'StartRecord', appA.appId);
});

test('policy actions *, rtc:* and rtc:<Action> (or the bare name) each allow', async (t) => {
  const { identity, account, appA, principalOf } = await setUp(t);
  for (const action of ['*', 'rtc:*', 'rtc:ListApps', 'ListApps']) {
    const user = await identity.createUser(account.accountId, `user-${action.replace(/[^a-zA-Z]/g, 'x')}`);
    await identity.attachPolicy(user.userId, { action });
    const principal = await principalOf(user.userId);
    await identity.authorize(principal, 'ListApps', appA.appId);
    await identity.authorize(principal, 'ListApps', undefined);
  }
});

test('a policy limited to some AppIds: AccessDenied for other AppIds and for requests naming none', async (t) => {
  const { identity, account, appA, appB, foreignApp, principalOf } = await setUp(t);
  const user = await identity.createUser(account.accountId, 'limited');
  const policy = await identity.attachPolicy(user.userId, { action: 'rtc:*', appIds: [appA.appId] });
  const limited = await principalOf(user.userId);
  await identity.authorize(limited, 'StartRecord', appA.appId);
  const other = await denial(() => identity.authorize(limited, 'StartRecord', appB.appId));
  assert.equal(other.code, 'AccessDenied');
  assert.match(other.message, new RegExp(appB.appId));
  assert.equal((await denial(() => identity.authorize(limited, 'ListApps', undefined))).code, 'AccessDenied');
  // Policy scope is checked before the owner: a foreign AppId outside the policy is simply not allowed.
  assert.equal((await denial(() => identity.authorize(limited, 'ListApps', foreignApp.appId))).code, 'AccessDenied');
  // An unrestricted policy for the same action lifts the limit; detaching it restores it.
  const wide = await identity.attachPolicy(user.userId, { action: 'rtc:StartRecord' });
  await identity.authorize(limited, 'StartRecord', appB.appId);
  await identity.detachPolicy(wide.policyId);
  assert.equal((await denial(() => identity.authorize(limited, 'StartRecord', appB.appId))).code, 'AccessDenied');
  await identity.detachPolicy(policy.policyId);
  assert.equal((await denial(() => identity.authorize(limited, 'StartRecord', appA.appId))).code, 'LackPolicy');
});

test('a sub-user policy covering a foreign AppId still meets the owner check', async (t) => {
  const { identity, account, foreignApp, principalOf } = await setUp(t);
  const user = await identity.createUser(account.accountId, 'ops');
  await identity.attachPolicy(user.userId, { action: '*' });
  const ops = await principalOf(user.userId);
  assert.equal(
    (await denial(() => identity.authorize(ops, 'ListApps', foreignApp.appId))).code,
    'InvalidParameter.AccountIdMismatch',
  );
});

test('policies are checked on input and are for sub-users only', async (t) => {
  const { identity, account, appA } = await setUp(t);
  const user = await identity.createUser(account.accountId, 'ops');
  await assert.rejects(identity.attachPolicy(user.userId, { action: 'rtc:List Apps' }), { field: 'action' });
  await assert.rejects(identity.attachPolicy(user.userId, { action: '*', appIds: [] }), { field: 'appIds' });
  await assert.rejects(identity.attachPolicy(user.userId, { action: '*', appIds: ['nothex'] }), { field: 'appIds' });
  await assert.rejects(identity.attachPolicy(account.mainUserId, { action: '*' }), { field: 'userId' });
  const policy = await identity.attachPolicy(user.userId, { action: 'rtc:ListApps', appIds: [appA.appId, appA.appId] });
  assert.deepEqual(policy.appIds, [appA.appId]);
  await assert.rejects(identity.detachPolicy('not-a-number'), { kind: 'not-found' });
});

test('rate-limit overrides per account', async (t) => {
  const { identity, account } = await setUp(t);
  assert.deepEqual(await identity.getRateLimitOverrides(account.accountId), {});
  await identity.setRateLimitOverride(account.accountId, 'messaging', 50);
  await identity.setRateLimitOverride(account.accountId, 'ListApps', 2.5);
  await identity.setRateLimitOverride(account.accountId, 'ListApps', 3);
  assert.deepEqual(await identity.getRateLimitOverrides(account.accountId), { ListApps: 3, messaging: 50 });
  await identity.removeRateLimitOverride(account.accountId, 'ListApps');
  assert.deepEqual(await identity.getRateLimitOverrides(account.accountId), { messaging: 50 });
  await assert.rejects(identity.setRateLimitOverride(account.accountId, 'ListApps', 0), { field: 'qps' });
  await assert.rejects(identity.setRateLimitOverride(account.accountId, 'List Apps', 1), { field: 'rateGroup' });
  await assert.rejects(identity.setRateLimitOverride('2199999999', 'ListApps', 1), { field: 'accountId' });
  await assert.rejects(identity.removeRateLimitOverride(account.accountId, 'ListApps'), { kind: 'not-found' });
  // An action's conditional group takes an override like any other.
  await identity.setRateLimitOverride(account.accountId, 'GetRoomOnlineUsers:Property=true', 5);
  assert.equal((await identity.getRateLimitOverrides(account.accountId))['GetRoomOnlineUsers:Property=true'], 5);
  await assert.rejects(identity.setRateLimitOverride(account.accountId, 'ListApps:', 1), { field: 'rateGroup' });
});

test("the gateway's view of overrides is read once per cache period, and dropped at once by a change", async (t) => {
  // A minute of cache, so that a slow machine cannot make the test see an expired entry.
  const services = tempServices(t, { cacheMs: 60_000 });
  const { identity, db } = services;
  const account = await identity.createAccount({ rtcEnabled: true });
  await identity.setRateLimitOverride(account.accountId, 'ListApps', 3);
  assert.deepEqual(identity.rateLimitOverridesFor(account.accountId), { ListApps: 3 });
  // A write behind the service's back is not seen while the entry lives: the reads are served from memory.
  db.prepare('UPDATE rate_limit_overrides SET qps = 9 WHERE account_id = ?').run(account.accountId);
  assert.deepEqual(identity.rateLimitOverridesFor(account.accountId), { ListApps: 3 });
  // A change through the service drops the entry.
  await identity.setRateLimitOverride(account.accountId, 'messaging', 50);
  assert.deepEqual(identity.rateLimitOverridesFor(account.accountId), { ListApps: 9, messaging: 50 });
  await identity.removeRateLimitOverride(account.accountId, 'ListApps');
  assert.deepEqual(identity.rateLimitOverridesFor(account.accountId), { messaging: 50 });
});
