// Multi-vendor policies through the whole server, signed: stored per app, validated, scoped to the caller's account,
// kept across a restart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError, RtcClient } from '@rtc-openapi/client';
import { newDataDir, seedAccount, startServer, type RunningServer } from '../e2e/e2e-server.js';

const KEY = {
  accessKeyId: 'AKLTvendorpolicyowner0000000000000000000000000001',
  secretAccessKey: 'vendor-policy-owner-secret-0001',
};
const OTHER = {
  accessKeyId: 'AKLTvendorpolicyother0000000000000000000000000001',
  secretAccessKey: 'vendor-policy-other-secret-0001',
};

interface FailPolicy {
  ID: number;
  AppID: string;
  RoomID: string;
  FromVendor: string;
  ToVendor: string;
  RecoveryPercentage: number;
  CreateTime: number;
  UpdateTime: string;
}

const refused = (field: string) => (e: unknown) =>
  e instanceof RtcApiError && e.code === 'InvalidParameter' && e.message.includes(field);

describe('multi-vendor policies, signed end to end', () => {
  const dataDir = newDataDir();
  let running: RunningServer;
  let appId: string;
  let otherAppId: string;
  let owner: RtcClient;
  let other: RtcClient;
  const clientOf = (key: typeof KEY) => new RtcClient({ endpoint: running.url, ...key, retry: false, throttle: false });
  const call = (c: RtcClient, action: string, params: Record<string, unknown>) =>
    (c.call as (a: string, p: unknown) => Promise<unknown>)(action, params);

  before(async () => {
    [appId] = (await seedAccount(dataDir, { accountId: '2100000101', keys: [KEY], apps: [{ name: 'a' }] })).appIds as [
      string,
    ];
    [otherAppId] = (await seedAccount(dataDir, { accountId: '2100000102', keys: [OTHER], apps: [{ name: 'b' }] }))
      .appIds as [string];
    running = await startServer({ dataDir, logLevel: 'silent' });
    owner = clientOf(KEY);
    other = clientOf(OTHER);
  });
  after(async () => {
    await owner?.close();
    await other?.close();
    await running?.close();
    running?.removeData();
  });

  it('creates and updates a vendor split, one per app, business id and room', async () => {
    const created = (await call(owner, 'CreateVendorPolicy', {
      AppID: appId,
      BusinessID: 'live',
      RoomID: 'room-1',
      VendorProportion: '{ "volc": 70, "other": 30 }',
    })) as { Policy: Record<string, unknown> };
    assert.equal(created.Policy.VendorProportion, '{"volc":70,"other":30}');
    assert.equal(created.Policy.AppID, appId);
    assert.equal(created.Policy.CreateTime, created.Policy.UpdateTime);
    await assert.rejects(
      call(owner, 'CreateVendorPolicy', {
        AppID: appId,
        BusinessID: 'live',
        RoomID: 'room-1',
        VendorProportion: '{"volc":100}',
      }),
      refused('RoomID'),
    );
    const updated = (await call(owner, 'UpdateVendorPolicy', {
      ID: created.Policy.ID,
      VendorProportion: '{"volc":100}',
    })) as { Policy: Record<string, unknown> };
    assert.equal(updated.Policy.VendorProportion, '{"volc":100}');
    assert.equal(updated.Policy.RoomID, 'room-1');
    // Another account cannot see or change it.
    await assert.rejects(
      call(other, 'UpdateVendorPolicy', { ID: created.Policy.ID, VendorProportion: '{"x":100}' }),
      refused('ID'),
    );
  });

  it('refuses a bad split, naming the field', async () => {
    const base = { AppID: appId, BusinessID: 'live', RoomID: 'room-2' };
    for (const bad of ['not json', '[50,50]', '{}', '{"a":50,"b":40}', '{"a":"50","b":50}', '{"a b":100}']) {
      await assert.rejects(
        call(owner, 'CreateVendorPolicy', { ...base, VendorProportion: bad }),
        refused('VendorProportion'),
      );
    }
    await assert.rejects(
      call(owner, 'CreateVendorPolicy', { ...base, RoomID: 'room 2', VendorProportion: '{"a":100}' }),
      refused('RoomID'),
    );
    await assert.rejects(
      call(owner, 'CreateVendorPolicy', { ...base, BusinessID: '', VendorProportion: '{"a":100}' }),
      refused('BusinessID'),
    );
    await assert.rejects(call(owner, 'UpdateVendorPolicy', { ID: 0, VendorProportion: '{"a":100}' }), refused('ID'));
    await assert.rejects(
      call(owner, 'CreateVendorPolicy', { ...base, AppID: otherAppId, VendorProportion: '{"a":100}' }),
      (e: unknown) => e instanceof RtcApiError && e.code === 'InvalidParameter.AccountIdMismatch',
    );
  });

  it('fail-recovery policies: create, list with filters and order, update the share, delete', async () => {
    const create = (room: string, from: string, to: string) =>
      call(owner, 'CreateFailRecoveryPolicy', {
        AppID: appId,
        RoomID: room,
        FromVendor: from,
        ToVendor: to,
      }) as Promise<{
        Policy: FailPolicy;
      }>;
    const a = (await create('r1', 'volc', 'other')).Policy;
    assert.equal(a.RecoveryPercentage, 0);
    assert.equal(typeof a.UpdateTime, 'string');
    await new Promise((r) => setTimeout(r, 5));
    const b = (await create('r2', 'volc', 'backup')).Policy;
    await assert.rejects(create('r1', 'volc', 'backup'), refused('FromVendor'));
    await assert.rejects(create('r3', 'volc', 'volc'), refused('ToVendor'));
    await assert.rejects(create('r3', 'vo lc', 'x'), refused('FromVendor'));

    const list = async (filters: Record<string, string>) =>
      (
        (await call(owner, 'GetFailRecoveryPolicies', {
          AppID: appId,
          RoomID: '',
          FromVendor: '',
          ToVendor: '',
          OrderBy: '',
          ...filters,
        })) as { Policies: FailPolicy[] }
      ).Policies.map((p) => p.ID);
    assert.deepEqual(await list({}), [b.ID, a.ID], 'newest update first');
    assert.deepEqual(await list({ OrderBy: 'id' }), [a.ID, b.ID]);
    assert.deepEqual(await list({ RoomID: 'r1' }), [a.ID]);
    assert.deepEqual(await list({ ToVendor: 'backup' }), [b.ID]);
    await assert.rejects(list({ OrderBy: 'size' }), refused('OrderBy'));

    await new Promise((r) => setTimeout(r, 5));
    const updated = (await call(owner, 'UpdateFailRecoveryPolicy', { ID: a.ID, RecoveryPercentage: 40 })) as {
      Policy: FailPolicy;
    };
    assert.equal(updated.Policy.RecoveryPercentage, 40);
    assert.ok(Number(updated.Policy.UpdateTime) > Number(a.UpdateTime));
    assert.deepEqual(await list({}), [a.ID, b.ID], 'the updated one first');
    await assert.rejects(
      call(owner, 'UpdateFailRecoveryPolicy', { ID: a.ID, RecoveryPercentage: 101 }),
      refused('RecoveryPercentage'),
    );
    await assert.rejects(call(other, 'DeleteFailRecoveryPolicy', { ID: a.ID }), refused('ID'));
    assert.equal(await call(owner, 'DeleteFailRecoveryPolicy', { ID: a.ID }), 'ok');
    await assert.rejects(call(owner, 'DeleteFailRecoveryPolicy', { ID: a.ID }), refused('ID'));
    assert.deepEqual(await list({}), [b.ID]);
  });

  it('keeps the policies across a restart', async () => {
    await running.close();
    running = await startServer({ dataDir, logLevel: 'silent' });
    await owner.close();
    owner = clientOf(KEY);
    const policies = (await call(owner, 'GetFailRecoveryPolicies', {
      AppID: appId,
      RoomID: 'r2',
      FromVendor: '',
      ToVendor: '',
      OrderBy: 'updateTime',
    })) as { Policies: FailPolicy[] };
    assert.equal(policies.Policies.length, 1);
    assert.equal(policies.Policies[0]!.ToVendor, 'backup');
  });
});
