// Billing through the whole server: an operator gives the dev account resource packages over the admin API; the
// signed billing actions list them and count those usable, their use drawn from the usage figures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessToken } from '@rtc-openapi/client';
import { startDevSession, type DevSession } from '../e2e/e2e-server.js';
import { TestClient } from '../rooms/rooms-harness.js';

const ADMIN_TOKEN = 'billing-admin-token';
const ACCOUNT = '2100000001';
const DAY = 86_400_000;

describe('resource packages, administered and read signed', () => {
  let s: DevSession;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.running.url}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  };
  const call = (action: string) => (s.client.call as (a: string, p: unknown) => Promise<unknown>)(action, {});

  before(async () => {
    s = await startDevSession({ logLevel: 'silent', adminToken: ADMIN_TOKEN });
  });
  after(() => s?.stop());

  it('an account without packages has none', async () => {
    assert.deepEqual(await call('ListResourcePackages'), []);
    assert.deepEqual(await call('ListResourcePackagesV2'), []);
    assert.equal(await call('GetResourcePackNum'), 0);
  });

  it('lists the packages the operator gave, and counts those with minutes left', async () => {
    const small = await admin('POST', `/accounts/${ACCOUNT}/resource-packages`, {
      configurationCode: 'RTC_AUDIO_1',
      zhName: '音频 1 分钟',
      minutes: 1,
      price: 0.5,
      validityDays: 7,
    });
    assert.equal(small.status, 201, JSON.stringify(small.body));
    const big = await admin('POST', `/accounts/${ACCOUNT}/resource-packages`, {
      configurationCode: 'RTC_ALL_10K',
      minutes: 10_000,
      price: 99,
      validityDays: 90,
      validityOptions: [30, 90],
    });
    const later = await admin('POST', `/accounts/${ACCOUNT}/resource-packages`, {
      configurationCode: 'RTC_NEXT_MONTH',
      minutes: 500,
      startsAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    assert.equal(later.body!.state, 'pending');
    const listed = (await call('ListResourcePackages')) as Record<string, unknown>[];
    assert.deepEqual(
      // The soonest to expire first.
      listed.map((p) => [p.ConfigurationCode, p.ValidityPeriod, p.Price]),
      [
        ['RTC_AUDIO_1', 7, 1],
        ['RTC_NEXT_MONTH', 30, 0],
        ['RTC_ALL_10K', 90, 99],
      ],
    );
    assert.equal(listed[0]!.ZhName, '音频 1 分钟');
    const v2 = (await call('ListResourcePackagesV2')) as {
      ResourceType: number;
      PackageConfigs: Record<string, unknown>[];
    }[];
    assert.equal(v2[0]!.ResourceType, 2);
    assert.equal(v2[0]!.PackageConfigs[2]!.ValidityOptionList, '30,90');
    assert.equal(v2[0]!.PackageConfigs[0]!.Price, 0.5);
    // Nobody has used anything yet: the two started packages are usable, the future one is not.
    assert.equal(await call('GetResourcePackNum'), 2);

    // A user in a room for a moment: one minute of audio (ListUsages rounds up), charged to the package that
    // expires first, which it uses up.
    const token = new AccessToken({ appId: s.dev.appId, roomId: 'billing', userId: 'payer', expireAt: 0 });
    token.addPrivilege('PublishStream');
    const socket = await TestClient.connect(`${s.running.url.replace(/^http/, 'ws')}/rtc/presence`);
    try {
      const joined = await socket.request({
        type: 'join',
        v: 1,
        appId: s.dev.appId,
        roomId: 'billing',
        userId: 'payer',
        token: token.serialize(s.dev.appKey),
      });
      assert.equal(joined.type, 'joined');
      await new Promise((r) => setTimeout(r, 20));
      await socket.request({ type: 'leave' });
    } finally {
      socket.ws.terminate();
    }
    assert.equal(await call('GetResourcePackNum'), 1);
    const balances = (await admin('GET', `/accounts/${ACCOUNT}/resource-packages`)).body as {
      packages: { configurationCode: string; usedMinutes: number; state: string }[];
    };
    assert.deepEqual(
      balances.packages.map((p) => [p.configurationCode, p.usedMinutes, p.state]),
      [
        ['RTC_AUDIO_1', 1, 'exhausted'],
        ['RTC_NEXT_MONTH', 0, 'pending'],
        ['RTC_ALL_10K', 0, 'active'],
      ],
    );
    assert.equal((await admin('DELETE', `/resource-packages/${String(big.body!.id)}`)).status, 204);
    assert.equal(await call('GetResourcePackNum'), 0);
  });

  it('refuses bad package input, naming the field', async () => {
    for (const [body, field] of [
      [{ minutes: 10 }, 'configurationCode'],
      [{ configurationCode: 'bad code', minutes: 10 }, 'configurationCode'],
      [{ configurationCode: 'OK' }, 'minutes'],
      [{ configurationCode: 'OK', minutes: -1 }, 'minutes'],
      [{ configurationCode: 'OK', minutes: 1, validityDays: 0 }, 'validityDays'],
      [{ configurationCode: 'OK', minutes: 1, validityOptions: ['x'] }, 'validityOptions'],
      [{ configurationCode: 'OK', minutes: 1, startsAt: 'someday' }, 'startsAt'],
    ] as const) {
      const answer = await admin('POST', `/accounts/${ACCOUNT}/resource-packages`, body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.match(JSON.stringify(answer.body), new RegExp(field));
    }
    assert.equal(
      (await admin('POST', '/accounts/2199999999/resource-packages', { configurationCode: 'OK', minutes: 1 })).status,
      404,
    );
    assert.equal((await admin('DELETE', '/resource-packages/abc')).status, 400);
    assert.equal((await admin('DELETE', '/resource-packages/999999')).status, 404);
  });
});
