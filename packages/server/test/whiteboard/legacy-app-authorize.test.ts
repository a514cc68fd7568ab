// The 2020-12-01 whiteboard transcoding actions name their app `app_id`: signed end to end, the authorize stage
// applies a sub-user's app-scoped policy to it, and an unknown or foreign app is refused naming app_id, before the
// handler runs (nothing is created).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError, RtcClient } from '@rtc-openapi/client';
import { startDevSession, type DevSession } from '../e2e/e2e-server.js';

const TOKEN = 'admin-token-for-tests-0123456789';
const V = '2020-12-01';

describe('legacy whiteboard app_id through the authorize stage', () => {
  let s: DevSession;
  let sub: RtcClient;
  let otherApp = '';

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${s.running.url}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const call = (client: RtcClient, action: string, params: Record<string, unknown>) =>
    (client.call as (a: string, p: unknown, o: unknown) => Promise<unknown>)(action, params, { version: V });
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof RtcApiError, String(error));
      return { code: error.code, message: error.message };
    }
    assert.fail('expected the call to be refused');
  };

  before(async () => {
    s = await startDevSession({ adminToken: TOKEN, logLevel: 'silent' });
    otherApp = ((await s.client.call('CreateApp', { AppName: 'other' })) as { AppId: string }).AppId;
    const user = await admin('POST', '/accounts/2100000001/users', { userName: 'wb-ops' });
    const key = (await admin('POST', `/users/${String(user.userId)}/keys`)) as {
      accessKeyId: string;
      secretAccessKey: string;
    };
    for (const action of ['WbTranscodeCreate', 'WbTranscodeQuery', 'WbTranscodeGet']) {
      await admin('POST', `/users/${String(user.userId)}/policies`, { action: `rtc:${action}`, appIds: [otherApp] });
    }
    sub = new RtcClient({ endpoint: s.running.url, ...key, throttle: false, retry: false });
  });
  after(async () => {
    await sub?.close();
    await s?.stop();
  });

  it('refuses a sub-user restricted to another app (AccessDenied) on each legacy action', async () => {
    const app_id = s.dev.appId;
    const create = { app_id, operator: 'teacher', resource: 'http://127.0.0.1:9/doc.pdf' };
    for (const [action, params] of [
      ['WbTranscodeCreate', create],
      ['WbTranscodeQuery', { app_id, task_id: 'whatever' }],
      ['WbTranscodeGet', { app_id, task_id: 'whatever' }],
    ] as const) {
      const refused = await refusal(call(sub, action, params));
      assert.equal(refused.code, 'AccessDenied', `${action}: ${refused.message}`);
      assert.match(refused.message, new RegExp(`rtc:${action} for AppId ${app_id}`));
    }
    // The same user on its own app passes authorization: the handler answers (no such transcode).
    const own = await refusal(call(sub, 'WbTranscodeQuery', { app_id: otherApp, task_id: 'missing' }));
    assert.deepEqual(own.code, 'InvalidParameter');
    assert.match(own.message, /task_id missing names no transcode/);
    // And may create there: the refused create above wrote nothing (its app has no transcode to find).
    const created = (await call(sub, 'WbTranscodeCreate', { ...create, app_id: otherApp })) as { task_id: string };
    assert.match(created.task_id, /^[0-9a-f]{32}$/);
  });

  it('refuses an unknown app_id naming it, and the main user passes on its own app', async () => {
    const unknown = await refusal(
      call(s.client, 'WbTranscodeQuery', { app_id: 'ffffffffffffffffffffffff', task_id: 't' }),
    );
    assert.equal(unknown.code, 'InvalidParameter.NotExistAppId');
    assert.match(unknown.message, /: app_id ffffffffffffffffffffffff does not exist \(/);
    const missing = await refusal(call(s.client, 'WbTranscodeGet', { app_id: s.dev.appId, task_id: 'nope' }));
    assert.equal(missing.code, 'InvalidParameter');
  });
});
