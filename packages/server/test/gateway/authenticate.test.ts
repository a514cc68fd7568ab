import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '@rtc-openapi/signer';
import { call, codeOf, startGateway, testKey, type Envelope, type Gateway, type TestKey } from './gateway-harness.js';

const NOW = Date.parse('2024-05-20T08:30:00Z');

describe('authenticate stage', () => {
  let gateway: Gateway;
  let key: TestKey;
  before(async () => {
    gateway = await startGateway({ clock: () => NOW });
    key = gateway.identity.addKey(testKey('2100000001'));
  });
  after(() => gateway.close());

  const listApps = { action: 'ListApps', version: '2023-11-01', body: {} } as const;

  it('passes a correctly signed request on to the handler stage', async () => {
    const r = await call(gateway.url, { ...listApps, key, date: new Date(NOW) });
    assert.equal(codeOf(r), 'OK');
  });

  it('answers MissingAuthenticationToken (401, 100003) to an unsigned request', async () => {
    const response = await fetch(`${gateway.url}/?Action=ListApps&Version=2023-11-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 401);
    const error = ((await response.json()) as Envelope).ResponseMetadata.Error!;
    assert.deepEqual([error.Code, error.CodeN], ['MissingAuthenticationToken', 100003]);
  });

  it('answers SignatureDoesNotMatch (401, 100010) for a wrong secret', async () => {
    const r = await call(gateway.url, { ...listApps, key: { ...key, secretAccessKey: 'wrong' }, date: new Date(NOW) });
    assert.equal(r.status, 401);
    assert.deepEqual([codeOf(r), r.json.ResponseMetadata.Error?.CodeN], ['SignatureDoesNotMatch', 100010]);
  });

  it('answers InvalidAccessKey (401, 100009) for a key identity does not know', async () => {
    const r = await call(gateway.url, { ...listApps, key: testKey('2100000999'), date: new Date(NOW) });
    assert.equal(r.status, 401);
    assert.deepEqual([codeOf(r), r.json.ResponseMetadata.Error?.CodeN], ['InvalidAccessKey', 100009]);
  });

  it('answers InvalidTimestamp (100006) for a signature dated outside the 15-minute window', async () => {
    for (const offset of [-16 * 60_000, 16 * 60_000]) {
      const r = await call(gateway.url, { ...listApps, key, date: new Date(NOW + offset) });
      assert.deepEqual([codeOf(r), r.json.ResponseMetadata.Error?.CodeN], ['InvalidTimestamp', 100006]);
    }
    const inside = await call(gateway.url, { ...listApps, key, date: new Date(NOW - 14 * 60_000) });
    assert.equal(codeOf(inside), 'OK');
  });

  it('rejects a body changed after signing', async () => {
    const signed = signRequest(
      {
        method: 'POST',
        query: { Action: 'ListApps', Version: '2023-11-01' },
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
      key,
      { region: 'cn-north-1', service: 'rtc', date: new Date(NOW) },
    );
    const response = await fetch(`${gateway.url}/?${signed.queryString}`, {
      method: 'POST',
      headers: signed.headers,
      body: '{"Offset":"1"}',
    });
    assert.equal(((await response.json()) as Envelope).ResponseMetadata.Error?.Code, 'SignatureDoesNotMatch');
  });

  it('answers ServiceNotFound for a credential scope of another service', async () => {
    const signed = signRequest(
      { method: 'POST', query: { Action: 'ListApps', Version: '2023-11-01' }, body: '{}' },
      key,
      {
        region: 'cn-north-1',
        service: 'iam',
        date: new Date(NOW),
      },
    );
    const response = await fetch(`${gateway.url}/?${signed.queryString}`, {
      method: 'POST',
      headers: signed.headers,
      body: '{}',
    });
    assert.equal(((await response.json()) as Envelope).ResponseMetadata.Error?.Code, 'ServiceNotFound');
  });

  it('echoes the credential scope region in ResponseMetadata, on success paths and failures alike', async () => {
    const ok = await call(gateway.url, { ...listApps, key, date: new Date(NOW), region: 'ap-singapore-1' });
    assert.equal(ok.json.ResponseMetadata.Region, 'ap-singapore-1');
    const bad = await call(gateway.url, {
      ...listApps,
      key: { ...key, secretAccessKey: 'wrong' },
      date: new Date(NOW),
      region: 'ap-singapore-1',
    });
    assert.equal(bad.json.ResponseMetadata.Region, 'ap-singapore-1');
  });

  it('answers InvalidAuthorization for a malformed Authorization header', async () => {
    const response = await fetch(`${gateway.url}/?Action=ListApps&Version=2023-11-01`, {
      method: 'POST',
      headers: {
        authorization: 'HMAC-SHA256 nonsense',
        'x-date': '20240520T083000Z',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    const error = ((await response.json()) as Envelope).ResponseMetadata.Error!;
    assert.ok(['InvalidAuthorization', 'InvalidCredential', 'MissingRequestInfo'].includes(error.Code), error.Code);
    assert.ok(response.status === 400 || response.status === 401);
  });
});
