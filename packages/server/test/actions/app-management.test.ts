import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { actionVersions, getActionSpec, validateParams } from '@rtc-openapi/api';
import { appManagementProvider } from '../../src/providers/app-management/app-management-provider.js';
import { buildActionTable } from '../../src/providers/action-table.js';
import { withStubs } from '../support/stub-providers.js';
import { ApiError } from '../../src/errors/api-error.js';
import type { Principal } from '../../src/identity/principal.js';
import { tempServices } from '../store/temp-data-dir.js';
import { assertCatalogResult } from '../support/catalog-result.js';
import { invokeAction } from '../support/invoke-action.js';

const ACTIONS = [
  'CreateApp',
  'CreateByteplusApp',
  'ListApps',
  'ModifyAppStatus',
  'DescribeAppKeys',
  'DescribeNewRtcApps',
  'AddBusinessID',
  'DeleteBusinessID',
  'GetAllBusinessID',
  'ModifyBusinessRemarks',
] as const;

function statusOf(listed: Record<string, unknown>): unknown {
  return (listed.AppList as { Status: unknown }[])[0]?.Status;
}

async function setUp(t: TestContext, maxAppsPerAccount?: number) {
  const services = tempServices(t, { maxAppsPerAccount });
  const provider = appManagementProvider(services.apps);
  const actions = buildActionTable(withStubs([provider]));
  const account = await services.identity.createAccount({ name: 'acme', rtcEnabled: true });
  const other = await services.identity.createAccount({ name: 'other', rtcEnabled: true });
  const principalOf = (accountId: string, userId: string): Principal => ({
    accountId,
    userId,
    userName: 'root',
    isMainUser: true,
    accessKeyId: 'AKLT' + 'A'.repeat(40),
  });
  const me = principalOf(account.accountId, account.mainUserId);
  const stranger = principalOf(other.accountId, other.mainUserId);

  /** Calls an action the way the gateway does: params valid against the catalog, Result checked against it. */
  async function call(action: string, version: string, params: Record<string, unknown>, principal = me) {
    const spec = getActionSpec(action, version);
    assert.ok(spec, `${action} ${version} is catalogued`);
    assert.equal(validateParams(spec, params), undefined, `test params for ${action} ${version} are schema-valid`);
    const result = await invokeAction({ actions, identity: services.identity }, spec, params, principal);
    assertCatalogResult(spec, result);
    return result as Record<string, unknown>;
  }

  async function refusal(action: string, version: string, params: Record<string, unknown>, principal = me) {
    try {
      await call(action, version, params, principal);
    } catch (error) {
      assert.ok(error instanceof ApiError, String(error));
      return { code: error.code, message: error.message };
    }
    assert.fail(`${action} should have failed`);
  }

  return { services, provider, account, other, me, stranger, call, refusal };
}

test('handlers exist for exactly the ten actions of the area', (t) => {
  const services = tempServices(t);
  const { handlers } = appManagementProvider(services.apps);
  assert.deepEqual(Object.keys(handlers).sort(), [...ACTIONS].sort());
});

test('every catalogued version of every action is served with a catalog-shaped Result', async (t) => {
  const { call, account } = await setUp(t);
  let served = 0;
  for (const action of ACTIONS) {
    for (const version of actionVersions(action)) {
      const app = (await call('CreateApp', '2023-11-01', { AppName: `for-${action}`.slice(0, 24) })) as {
        AppId: string;
      };
      const byAction: Record<string, Record<string, unknown>> = {
        CreateApp: { AppName: 'x' },
        CreateByteplusApp: {},
        ListApps: {},
        ModifyAppStatus: { AppId: app.AppId, Status: 2 },
        DescribeAppKeys: { AppId: app.AppId },
        DescribeNewRtcApps: {},
        AddBusinessID: { AppId: app.AppId, BusinessId: 'b1', Remarks: 'r1' },
        DeleteBusinessID: { AppId: app.AppId, BusinessId: 'b0' },
        GetAllBusinessID: { AppID: app.AppId },
        ModifyBusinessRemarks: { AppId: app.AppId, BusinessId: 'b0', Remarks: 'renamed' },
      };
      if (action === 'DeleteBusinessID' || action === 'ModifyBusinessRemarks') {
        await call('AddBusinessID', '2020-12-01', { AppId: app.AppId, BusinessId: 'b0', Remarks: 'r0' });
      }
      await call(action, version, byAction[action]!);
      served += 1;
    }
  }
  assert.equal(
    served,
    ACTIONS.map((a) => actionVersions(a).length).reduce((x, y) => x + y),
  );
  assert.ok(served >= 12, `${served} action-versions`);
  assert.ok(account.accountId);
});

test('CreateApp: a 24-hex AppId, a 32-hex AppKey, running, owned by the caller; both versions', async (t) => {
  const { call, account, services } = await setUp(t);
  for (const version of ['2020-12-01', '2023-11-01']) {
    const created = await call('CreateApp', version, { AppName: 'My App' });
    assert.match(created.AppId as string, /^[0-9a-f]{24}$/);
    assert.match(created.AppKey as string, /^[0-9a-f]{32}$/);
    assert.match(created.SecondaryAppKey as string, /^[0-9a-f]{32}$/);
    assert.notEqual(created.AppKey, created.SecondaryAppKey);
    assert.equal(created.Name, 'My App');
    assert.equal(created.Owner, account.accountId);
    assert.equal(created.InstanceStatus, 1);
    assert.match(created.CreateDate as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(typeof created.InstanceId, 'string');
    const stored = await services.apps.getApp(created.AppId as string);
    assert.equal(stored?.appKey, created.AppKey);
  }
});

test('CreateByteplusApp creates an app as CreateApp does, with its own fields', async (t) => {
  const { call, refusal, services, account } = await setUp(t, 2);
  const created = await call('CreateByteplusApp', '2020-12-01', {});
  assert.match(created.AppId as string, /^[0-9a-f]{24}$/);
  assert.match(created.AppKey as string, /^[0-9a-f]{32}$/);
  assert.equal(created.Name, 'BytePlus App');
  assert.equal(created.Owner, account.accountId);
  assert.equal(created.Enabled, true);
  assert.equal(created.Status, 1);
  assert.equal(created.InstanceStatus, 1);
  assert.deepEqual([created.LicenseType, created.LicenseStatus], [0, 1]);
  const stored = await services.apps.getApp(created.AppId as string);
  assert.equal(stored?.appKey, created.AppKey);
  assert.equal(stored?.secondaryAppKey, created.SecondaryAppKey);
  // It counts against the same per-account maximum.
  await call('CreateApp', '2023-11-01', { AppName: 'second' });
  const refused = await refusal('CreateByteplusApp', '2020-12-01', {});
  assert.equal(refused.code, 'InvalidParameter');
  assert.match(refused.message, /the most allowed \(2\)/);
});

test('CreateApp stops at the per-account maximum with a clear InvalidParameter', async (t) => {
  const { call, refusal } = await setUp(t, 1);
  await call('CreateApp', '2023-11-01', { AppName: 'one' });
  const refused = await refusal('CreateApp', '2023-11-01', { AppName: 'two' });
  assert.equal(refused.code, 'InvalidParameter');
  assert.match(refused.message, /already has 1 apps, the most allowed \(1\)/);
});

test('ListApps: string Offset/Limit, default 50, clamped to 100, Reverse, AppId filter, both versions', async (t) => {
  const { call, refusal, stranger } = await setUp(t, 200);
  const ids: string[] = [];
  for (let i = 0; i < 105; i += 1)
    ids.push(((await call('CreateApp', '2023-11-01', { AppName: `app-${i}` })) as { AppId: string }).AppId);
  for (const version of ['2020-12-01', '2023-11-01']) {
    const first = await call('ListApps', version, {});
    assert.equal(first.Total, 105);
    assert.equal(first.Limit, 50);
    assert.equal(first.Offset, 0);
    const list = first.AppList as { AppId: string; AppName: string; Status: number; AppKey: string }[];
    assert.equal(list.length, 50);
    assert.deepEqual(
      list.map((a) => a.AppId),
      ids.slice(0, 50),
      'oldest first',
    );
    assert.equal(list[0]?.Status, 1);
    assert.match(list[0]!.AppKey, /^[0-9a-f]{32}$/);

    const last = await call('ListApps', version, { Offset: '100', Limit: '10' });
    assert.deepEqual(
      (last.AppList as { AppId: string }[]).map((a) => a.AppId),
      ids.slice(100),
    );
    assert.equal(last.Limit, 10);
    assert.equal(last.Offset, 100);

    const clamped = await call('ListApps', version, { Limit: '500' });
    assert.equal(clamped.Limit, 100);
    assert.equal((clamped.AppList as unknown[]).length, 100);

    const newest = await call('ListApps', version, { Reverse: 1, Limit: '2' });
    assert.deepEqual(
      (newest.AppList as { AppId: string }[]).map((a) => a.AppId),
      [ids[104], ids[103]],
    );

    const one = await call('ListApps', version, { AppId: ids[7] });
    assert.equal(one.Total, 1);
    assert.equal((one.AppList as { AppName: string }[])[0]?.AppName, 'app-7');

    const bad = await refusal('ListApps', version, { Limit: 'ten' });
    assert.equal(bad.code, 'InvalidParameter');
    assert.match(bad.message, /^Limit /);
    assert.match((await refusal('ListApps', version, { Offset: '-1' })).message, /^Offset /);
    assert.equal(
      (await refusal('ListApps', version, { AppId: ids[0] }, stranger)).code,
      'InvalidParameter.AccountIdMismatch',
    );
  }
  const otherProject = await call('ListApps', '2023-11-01', { ProjectName: 'elsewhere' });
  assert.deepEqual(otherProject.AppList, []);
  assert.equal(otherProject.Total, 0);
  assert.equal((await call('ListApps', '2023-11-01', { ProjectName: 'default' })).Total, 105);
  const theirs = await call('ListApps', '2023-11-01', {}, stranger);
  assert.equal(theirs.Total, 0, 'another account sees none of these apps');
});

test('ModifyAppStatus disables and enables; ListApps shows 98 then 1', async (t) => {
  const { call, refusal, stranger } = await setUp(t);
  const app = await call('CreateApp', '2023-11-01', { AppName: 'a' });
  for (const version of ['2020-12-01', '2023-11-01']) {
    assert.equal(await call('ModifyAppStatus', version, { AppId: app.AppId, Status: 2 }), 'ok');
    assert.equal(statusOf(await call('ListApps', version, { AppId: app.AppId })), 98);
    const described = (await call('DescribeNewRtcApps', '2020-12-01', {})).AppList as { Status: number }[];
    assert.equal(described[0]?.Status, 98);
    assert.equal(await call('ModifyAppStatus', version, { AppId: app.AppId, Status: 1 }), 'ok');
    assert.equal(statusOf(await call('ListApps', version, { AppId: app.AppId })), 1);
    assert.equal(
      (await refusal('ModifyAppStatus', version, { AppId: app.AppId, Status: 2 }, stranger)).code,
      'InvalidParameter.AccountIdMismatch',
    );
    assert.equal(
      (await refusal('ModifyAppStatus', version, { AppId: 'ffffffffffffffffffffffff', Status: 2 })).code,
      'InvalidParameter.NotExistAppId',
    );
  }
});

test('ModifyAppStatus with a Status outside 1 and 2 is refused by the validate stage, naming Status', async (t) => {
  const { services, call, me } = await setUp(t);
  const app = await call('CreateApp', '2023-11-01', { AppName: 'a' });
  const spec = getActionSpec('ModifyAppStatus', '2023-11-01')!;
  const actions = buildActionTable(withStubs([appManagementProvider(services.apps)]));
  await assert.rejects(
    invokeAction({ actions, identity: services.identity }, spec, { AppId: app.AppId, Status: 3 }, me),
    (error: unknown) => error instanceof ApiError && error.code === 'InvalidParameter' && /Status/.test(error.message),
  );
  assert.equal((await services.apps.getApp(app.AppId as string))?.status, 'enabled', 'nothing changed');
});

test('DescribeAppKeys returns the keys to the owner only', async (t) => {
  const { call, refusal, stranger } = await setUp(t);
  const app = await call('CreateApp', '2023-11-01', { AppName: 'a' });
  assert.deepEqual(await call('DescribeAppKeys', '2020-12-01', { AppId: app.AppId }), {
    AppId: app.AppId,
    AppKey: app.AppKey,
    SecondaryAppKey: app.SecondaryAppKey,
  });
  const refused = await refusal('DescribeAppKeys', '2020-12-01', { AppId: app.AppId }, stranger);
  assert.deepEqual(refused, { code: 'InvalidParameter.AccountIdMismatch', message: 'Check owner failed' });
  assert.ok(!refused.message.includes(app.AppKey as string));
});

test('DescribeNewRtcApps pages with integer Offset/Limit (default 100) and a default project', async (t) => {
  const { call, refusal } = await setUp(t);
  const names: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    names.push(`app-${i}`);
    await call('CreateApp', '2023-11-01', { AppName: `app-${i}` });
  }
  const all = (await call('DescribeNewRtcApps', '2020-12-01', { ProjectName: 'default' })).AppList as {
    Name: string;
    Status: number;
    AppId: string;
  }[];
  assert.deepEqual(
    all.map((a) => a.Name),
    names,
  );
  assert.ok(all.every((a) => a.Status === 1 && /^[0-9a-f]{24}$/.test(a.AppId)));
  const page = (await call('DescribeNewRtcApps', '2020-12-01', { Offset: 1, Limit: 1 })).AppList as { Name: string }[];
  assert.deepEqual(
    page.map((a) => a.Name),
    ['app-1'],
  );
  assert.deepEqual((await call('DescribeNewRtcApps', '2020-12-01', { ProjectName: 'x' })).AppList, []);
  assert.match((await refusal('DescribeNewRtcApps', '2020-12-01', { Offset: -1 })).message, /^Offset /);
});

test('business ids: add, list with TotalSize and paging, rename, delete, and their errors', async (t) => {
  const { call, refusal, stranger } = await setUp(t);
  const app = await call('CreateApp', '2023-11-01', { AppName: 'a' });
  const appId = app.AppId as string;
  for (let i = 0; i < 5; i += 1) {
    assert.equal(
      await call('AddBusinessID', '2020-12-01', { AppId: appId, BusinessId: `biz-${i}`, Remarks: `name ${i}` }),
      'ok',
    );
  }
  const all = await call('GetAllBusinessID', '2020-12-01', { AppID: appId });
  assert.equal(all.TotalSize, 5);
  const records = all.BusinessRecords as { AppId: string; BusinessId: string; Remarks: string; CreatedTime: string }[];
  assert.deepEqual(
    records.map((r) => r.BusinessId),
    ['biz-0', 'biz-1', 'biz-2', 'biz-3', 'biz-4'],
  );
  assert.equal(records[0]?.AppId, appId);
  assert.equal(records[0]?.Remarks, 'name 0');
  assert.match(records[0]!.CreatedTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const page = await call('GetAllBusinessID', '2020-12-01', { AppID: appId, Offset: '3', Limit: '10' });
  assert.equal(page.TotalSize, 5);
  assert.deepEqual(
    (page.BusinessRecords as { BusinessId: string }[]).map((r) => r.BusinessId),
    ['biz-3', 'biz-4'],
  );

  const dupId = await refusal('AddBusinessID', '2020-12-01', { AppId: appId, BusinessId: 'biz-1', Remarks: 'new' });
  assert.equal(dupId.code, 'InvalidParameter');
  assert.match(dupId.message, /BusinessId biz-1 already exists/);
  const dupName = await refusal('AddBusinessID', '2020-12-01', {
    AppId: appId,
    BusinessId: 'biz-9',
    Remarks: 'name 2',
  });
  assert.match(dupName.message, /Remarks name 2 is already used/);

  assert.equal(
    await call('ModifyBusinessRemarks', '2020-12-01', { AppId: appId, BusinessId: 'biz-1', Remarks: 'renamed' }),
    'ok',
  );
  assert.equal(
    await call('ModifyBusinessRemarks', '2020-12-01', { AppId: appId, BusinessId: 'biz-1', Remarks: 'renamed' }),
    'ok',
  );
  const clash = await refusal('ModifyBusinessRemarks', '2020-12-01', {
    AppId: appId,
    BusinessId: 'biz-1',
    Remarks: 'name 0',
  });
  assert.match(clash.message, /Remarks name 0 is already used/);
  const missing = await refusal('ModifyBusinessRemarks', '2020-12-01', {
    AppId: appId,
    BusinessId: 'nope',
    Remarks: 'x',
  });
  assert.equal(missing.code, 'InvalidParameter');
  assert.match(missing.message, /BusinessId nope does not exist/);

  assert.equal(await call('DeleteBusinessID', '2020-12-01', { AppId: appId, BusinessId: 'biz-0' }), 'ok');
  assert.match(
    (await refusal('DeleteBusinessID', '2020-12-01', { AppId: appId, BusinessId: 'biz-0' })).message,
    /biz-0 does not exist/,
  );
  const after = await call('GetAllBusinessID', '2020-12-01', { AppID: appId });
  assert.equal(after.TotalSize, 4);
  assert.equal(
    (after.BusinessRecords as { BusinessId: string; Remarks: string }[]).find((r) => r.BusinessId === 'biz-1')?.Remarks,
    'renamed',
  );

  // Another account: the owner check runs in the handler too (GetAllBusinessID names its param AppID).
  for (const [action, params] of [
    ['GetAllBusinessID', { AppID: appId }],
    ['AddBusinessID', { AppId: appId, BusinessId: 'x', Remarks: 'x' }],
    ['DeleteBusinessID', { AppId: appId, BusinessId: 'biz-1' }],
    ['ModifyBusinessRemarks', { AppId: appId, BusinessId: 'biz-1', Remarks: 'x' }],
  ] as const) {
    assert.deepEqual(await refusal(action, '2020-12-01', params, stranger), {
      code: 'InvalidParameter.AccountIdMismatch',
      message: 'Check owner failed',
    });
  }
  assert.equal(
    (await refusal('GetAllBusinessID', '2020-12-01', { AppID: '0123456789abcdef01234567' })).code,
    'InvalidParameter.NotExistAppId',
  );
  assert.match((await refusal('GetAllBusinessID', '2020-12-01', { AppID: appId, Limit: '1.5' })).message, /^Limit /);
});

test('listed AppKeys are each app own, from the decrypted-key cache and from a cold start alike', async (t) => {
  const services = tempServices(t);
  const account = await services.identity.createAccount({ name: 'keys', rtcEnabled: true });
  const created = [];
  for (const name of ['one', 'two', 'three']) created.push(await services.apps.createApp(account.accountId, { name }));
  const expected = created.map((app) => [app.appId, app.appKey, app.secondaryAppKey]);
  const listed = async (apps: typeof services.apps) =>
    (await apps.listApps(account.accountId, { offset: 0, limit: 50 })).items.map((app) => [
      app.appId,
      app.appKey,
      app.secondaryAppKey,
    ]);
  assert.deepEqual(await listed(services.apps), expected, 'first listing decrypts');
  assert.deepEqual(await listed(services.apps), expected, 'second listing is served from the cache');
  assert.equal((await services.apps.getApp(created[1]!.appId))?.appKey, created[1]!.appKey);
  services.close();
  const reopened = tempServices(t, {}, services.dataDir);
  assert.deepEqual(await listed(reopened.apps), expected, 'a new process reads and decrypts them from disk');
});
