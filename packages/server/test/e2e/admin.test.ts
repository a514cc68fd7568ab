// The admin API as mounted by the server, and what its changes do to the gateway at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError, RtcClient } from '@rtc-openapi/client';
import type { DevCredentials } from '../../src/app.js';
import { startDevSession, type DevSession, type RunningServer } from './e2e-server.js';

const TOKEN = 'admin-token-for-tests-0123456789';

describe('admin API mounted under /admin/', () => {
  let running: RunningServer;
  let dev: DevCredentials;
  let client: RtcClient;
  let session: DevSession;
  before(async () => {
    session = await startDevSession({ adminToken: TOKEN });
    ({ running, dev, client } = session);
  });
  after(() => session.stop());

  function admin(method: string, path: string, body?: unknown, token = TOKEN) {
    return fetch(`${running.url}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  }

  it('refuses a wrong token', async () => {
    const response = await admin('GET', '/accounts', undefined, 'wrong');
    assert.equal(response.status, 401);
  });

  it('applies a rate-limit override at once', async () => {
    const put = await admin('PUT', '/accounts/2100000001/rate-limits/DescribeAppKeys', { qps: 1 });
    assert.equal(put.status, 200, await put.text());
    await client.call('DescribeAppKeys', { AppId: dev.appId });
    await assert.rejects(
      client.call('DescribeAppKeys', { AppId: dev.appId }),
      (error: unknown) => error instanceof RtcApiError && error.code === 'FlowLimitExceeded.QPSOverLimit',
    );
  });

  it('records every authenticated call in the audit trail the admin can query', async () => {
    await client.call('ListApps', {});
    let entries: { action?: string; code: string; requestId: string }[] = [];
    for (let i = 0; i < 50 && !entries.some((e) => e.action === 'ListApps'); i++) {
      const response = await admin('GET', '/audit?accountId=2100000001&limit=100');
      entries = ((await response.json()) as { entries: typeof entries }).entries;
      if (!entries.some((e) => e.action === 'ListApps')) await new Promise((r) => setTimeout(r, 100));
    }
    const listApps = entries.find((e) => e.action === 'ListApps');
    assert.ok(listApps, JSON.stringify(entries));
    assert.equal(listApps.code, 'Success');
    assert.ok(entries.some((e) => e.code === 'FlowLimitExceeded.QPSOverLimit'));
  });

  it('disables an access key at once, not when a cache expires', async () => {
    await client.call('ListApps', {});
    const put = await admin('PUT', `/keys/${dev.accessKeyId}/status`, { status: 'disabled' });
    assert.equal(put.status, 200, await put.text());
    await assert.rejects(
      client.call('ListApps', {}),
      (error: unknown) => error instanceof RtcApiError && error.code === 'InvalidAccessKey',
    );
    await admin('PUT', `/keys/${dev.accessKeyId}/status`, { status: 'active' });
    await client.call('ListApps', {});
  });

  it('authorizes through identity: sub-user policies and the RTC switch, with their documented codes', async () => {
    const user = (await (await admin('POST', '/accounts/2100000001/users', { userName: 'ops' })).json()) as {
      userId: string;
    };
    const key = (await (await admin('POST', `/users/${user.userId}/keys`)).json()) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    const sub = new RtcClient({ endpoint: running.url, ...key, throttle: false, retry: false });
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'OK',
        (error: unknown) => (error instanceof RtcApiError ? error.code : String(error)),
      );
    try {
      assert.equal(await codeOf(sub.call('ListApps', {})), 'LackPolicy');
      await admin('POST', `/users/${user.userId}/policies`, {
        action: 'rtc:ModifyAppStatus',
        appIds: ['ffffffffffffffffffffffff'],
      });
      assert.equal(await codeOf(sub.call('ModifyAppStatus', { AppId: dev.appId, Status: 1 })), 'AccessDenied');
      await admin('POST', `/users/${user.userId}/policies`, { action: 'rtc:ListApps' });
      assert.equal(await codeOf(sub.call('ListApps', {})), 'OK');

      const off = await admin('PUT', '/accounts/2100000001/rtc', { enabled: false });
      assert.equal(off.status, 200, await off.text());
      assert.equal(await codeOf(client.call('ListApps', {})), 'AccessDenied.ServiceNotEnabled');
      await admin('PUT', '/accounts/2100000001/rtc', { enabled: true });
      assert.equal(await codeOf(client.call('ListApps', {})), 'OK');
    } finally {
      await sub.close();
    }
  });
});
