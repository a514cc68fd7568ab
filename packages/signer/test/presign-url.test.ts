import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presignUrl, verifyRequest } from '@rtc-openapi/signer';
import { vectors, vectorQuery } from './support/signing-vectors.js';

describe('presignUrl reproduces the official Node SDK getSignUrl vectors', () => {
  for (const v of vectors.presign_vectors) {
    it(`${v.id}: ${v.description}`, () => {
      const input = v.input;
      const presigned = presignUrl(
        { method: input.method, path: input.path, query: vectorQuery(input), headers: input.headers },
        {
          accessKeyId: input.access_key_id,
          secretAccessKey: input.secret_access_key,
          ...(input.session_token ? { sessionToken: input.session_token } : {}),
        },
        { region: input.region, service: input.service, date: new Date(input.date) },
      );
      assert.equal(presigned.canonicalRequest, v.expected.canonical_request);
      assert.equal(presigned.stringToSign, v.expected.string_to_sign);
      assert.equal(presigned.signature, v.expected.signature);
      assert.equal(presigned.queryString, v.expected.signed_query_string);
    });
  }
});

describe('presignUrl output verifies', () => {
  const credentials = { accessKeyId: 'AKLTpresign', secretAccessKey: 'presign-secret' };
  const date = new Date('2024-05-20T08:30:00Z');
  const lookupSecret = (ak: string) => (ak === credentials.accessKeyId ? credentials.secretAccessKey : undefined);
  const request = {
    method: 'GET',
    path: '/',
    query: { Action: 'GetRecordTask', Version: '2023-11-01', RoomId: 'room 1*', AppId: 'app' },
    headers: { host: 'rtc.volcengineapi.com' },
  };

  it('within X-Expires, with X-Expires and host signed', async () => {
    const url = presignUrl(request, credentials, {
      region: 'cn-north-1',
      service: 'rtc',
      date,
      expiresSeconds: 3600,
      signedHeaders: ['host'],
    });
    assert.match(url.queryString, /&X-Expires=3600&/);
    const result = await verifyRequest(
      { method: 'GET', url: `/?${url.queryString}`, headers: { host: 'rtc.volcengineapi.com' }, body: '' },
      { lookupSecret, now: new Date(date.getTime() + 3599_000) },
    );
    assert.deepEqual(result, {
      ok: true,
      accessKeyId: 'AKLTpresign',
      region: 'cn-north-1',
      service: 'rtc',
      signedHeaders: ['host'],
      presigned: true,
    });
  });

  it('rejects the same URL after X-Expires has passed', async () => {
    const url = presignUrl(request, credentials, { region: 'cn-north-1', service: 'rtc', date, expiresSeconds: 60 });
    const result = await verifyRequest(
      { method: 'GET', url: `/?${url.queryString}`, headers: {}, body: '' },
      { lookupSecret, now: new Date(date.getTime() + 61_000) },
    );
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'InvalidTimestamp');
    assert.match(!result.ok ? result.message : '', /expired/);
  });

  it('rejects a URL dated too far in the future', async () => {
    const url = presignUrl(request, credentials, { region: 'cn-north-1', service: 'rtc', date, expiresSeconds: 60 });
    const result = await verifyRequest(
      { method: 'GET', url: `/?${url.queryString}`, headers: {}, body: '' },
      { lookupSecret, now: new Date(date.getTime() - 901_000) },
    );
    assert.equal(!result.ok && result.code, 'InvalidTimestamp');
  });

  it('without X-Expires it is valid for maxSkewSeconds', async () => {
    const url = presignUrl(request, credentials, { region: 'cn-north-1', service: 'rtc', date });
    const verify = (offsetMs: number) =>
      verifyRequest(
        { method: 'GET', url: `/?${url.queryString}`, headers: {}, body: '' },
        { lookupSecret, now: date.getTime() + offsetMs, maxSkewSeconds: 300 },
      );
    assert.equal((await verify(300_000)).ok, true);
    assert.equal((await verify(301_000)).ok, false);
  });

  it('rejects a parameter added after signing, and a changed one', async () => {
    const url = presignUrl(request, credentials, { region: 'cn-north-1', service: 'rtc', date });
    const added = await verifyRequest(
      { method: 'GET', url: `/?${url.queryString}&TaskId=t1`, headers: {}, body: '' },
      { lookupSecret, now: date },
    );
    assert.equal(!added.ok && added.code, 'SignatureDoesNotMatch');
    assert.match(!added.ok ? added.message : '', /TaskId/);
    const changed = await verifyRequest(
      { method: 'GET', url: `/?${url.queryString.replace('AppId=app', 'AppId=other')}`, headers: {}, body: '' },
      { lookupSecret, now: date },
    );
    assert.equal(!changed.ok && changed.code, 'SignatureDoesNotMatch');
  });

  it('signs the session token of temporary credentials', async () => {
    const url = presignUrl(
      request,
      { ...credentials, sessionToken: 'STS2token' },
      { region: 'cn-north-1', service: 'rtc', date },
    );
    assert.match(url.queryString, /X-Security-Token=STS2token/);
    assert.match(url.queryString, /X-SignedQueries=[^&]*X-Security-Token/);
    const result = await verifyRequest(
      { method: 'GET', url: `/?${url.queryString}`, headers: {}, body: '' },
      { lookupSecret, now: date },
    );
    assert.equal(result.ok && result.sessionToken, 'STS2token');
  });

  it('refuses query parameters that presignUrl sets itself', () => {
    assert.throws(
      () =>
        presignUrl({ method: 'GET', query: { 'X-Signature': 'x' } }, credentials, {
          region: 'cn-north-1',
          service: 'rtc',
        }),
      { name: 'SignerArgumentError', field: 'request.query.X-Signature' },
    );
    assert.throws(
      () => presignUrl({ method: 'GET' }, credentials, { region: 'cn-north-1', service: 'rtc', expiresSeconds: 0 }),
      { name: 'SignerArgumentError', field: 'options.expiresSeconds' },
    );
  });
});

describe('verifyRequest rejects malformed presigned URLs', () => {
  const credentials = { accessKeyId: 'AKLTpresign', secretAccessKey: 'presign-secret' };
  const date = new Date('2024-05-20T08:30:00Z');
  const lookupSecret = (ak: string) => (ak === credentials.accessKeyId ? credentials.secretAccessKey : undefined);
  const url = presignUrl({ method: 'GET', query: { Action: 'ListRooms', Version: '2020-12-01' } }, credentials, {
    region: 'cn-north-1',
    service: 'rtc',
    date,
    expiresSeconds: 600,
  }).queryString;
  const cases: [string, string, string][] = [
    [
      'X-Expires not in X-SignedQueries',
      url.replace('X-SignedQueries=', 'X-SignedQueries=x').replace('%3BX-Expires', ''),
      'InvalidAuthorization',
    ],
    ['X-Expires that is not a number', url.replace('X-Expires=600', 'X-Expires=6e2'), 'InvalidAuthorization'],
    ['X-Expires beyond a week', url.replace('X-Expires=600', 'X-Expires=604801'), 'InvalidAuthorization'],
    ['a repeated X-Date', `${url}&X-Date=20240520T083000Z`, 'InvalidAuthorization'],
    ['another X-Algorithm', url.replace('X-Algorithm=HMAC-SHA256', 'X-Algorithm=HMAC-SHA1'), 'InvalidAuthorization'],
    ['no X-Credential', url.replace(/X-Credential=[^&]*&/, ''), 'InvalidAuthorization'],
    ['an X-Credential of another day', url.replace('%2F20240520%2F', '%2F20240521%2F'), 'InvalidCredential'],
    ['no X-Date', url.replace(/X-Date=[^&]*&/, ''), 'MissingRequestInfo'],
    ['a short X-Signature', url.replace(/X-Signature=\w+/, 'X-Signature=abc'), 'InvalidAuthorization'],
    ['an empty X-Signature', url.replace(/X-Signature=\w+/, 'X-Signature='), 'MissingSignature'],
    ['a signature of other bytes', url.replace(/X-Signature=\w/, 'X-Signature=f'), 'SignatureDoesNotMatch'],
  ];
  for (const [label, query, code] of cases) {
    it(label, async () => {
      const result = await verifyRequest(
        { method: 'GET', url: `/?${query}`, headers: {}, body: '' },
        { lookupSecret, now: date },
      );
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, code, !result.ok ? result.message : '');
    });
  }
});
