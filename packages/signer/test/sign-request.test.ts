import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashSha256Hex, signRequest, SignerArgumentError } from '@rtc-openapi/signer';
import type { SignOptions } from '@rtc-openapi/signer';
import { vectors, vectorBody, vectorQuery, type ClientVector } from './support/signing-vectors.js';

function signVector(v: ClientVector) {
  const input = v.input;
  const options: SignOptions = { region: input.region, service: input.service, date: new Date(input.date) };
  // The official Node SDK signs every header not on its deny-list; to reproduce its output the caller names the
  // same set. Our own default set is checked separately below.
  options.signedHeaders = v.expected.signed_headers.split(';');
  return signRequest(
    {
      method: input.method,
      path: input.path,
      query: vectorQuery(input),
      headers: input.headers,
      body: vectorBody(input),
    },
    {
      accessKeyId: input.access_key_id,
      secretAccessKey: input.secret_access_key,
      ...(input.session_token ? { sessionToken: input.session_token } : {}),
    },
    options,
  );
}

describe('signRequest reproduces the official Node SDK client vectors byte for byte', () => {
  for (const v of vectors.client_vectors) {
    it(`${v.id}: ${v.description}`, () => {
      const signed = signVector(v);
      const e = v.expected;
      assert.equal(signed.xDate, e.x_date);
      assert.equal(signed.credentialScope, e.credential_scope);
      assert.equal(signed.signedHeaders, e.signed_headers);
      assert.equal(signed.canonicalRequest, e.canonical_request);
      assert.equal(signed.stringToSign, e.string_to_sign);
      assert.equal(signed.signature, e.signature);
      assert.equal(signed.authorization, e.authorization);

      const added = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => !(name in v.input.headers)));
      const body = vectorBody(v.input) ?? '';
      // We always send X-Content-Sha256 (also on GET and for an empty body, where the Node SDK omits it); the
      // vector's signed headers leave it unsigned there, so the signature is unaffected.
      const expectedAdded = { ...e.headers_added, 'X-Content-Sha256': e.x_content_sha256 ?? hashSha256Hex(body) };
      assert.deepEqual(added, expectedAdded);
    });
  }
});

describe('signRequest defaults and choices', () => {
  const credentials = { accessKeyId: 'AKLTdefaults', secretAccessKey: 'defaults-secret' };
  const options = { region: 'cn-north-1', service: 'rtc', date: new Date('2024-05-20T08:30:00Z') };

  it('signs content-type;host;x-content-sha256;x-date by default when present', () => {
    const s = signRequest(
      {
        method: 'POST',
        query: { Action: 'StartRecord', Version: '2023-11-01' },
        headers: { 'Content-Type': 'application/json', Host: 'rtc.volcengineapi.com', Accept: 'application/json' },
        body: '{}',
      },
      credentials,
      options,
    );
    assert.equal(s.signedHeaders, 'content-type;host;x-content-sha256;x-date');
    assert.match(
      s.canonicalRequest,
      /\ncontent-type:application\/json\nhost:rtc\.volcengineapi\.com\nx-content-sha256:/,
    );
    assert.equal(s.headers['X-Content-Sha256'], hashSha256Hex('{}'));
    assert.equal(s.headers['Accept'], 'application/json');
  });

  it('sets and signs X-Content-Sha256 on a GET without a body', () => {
    const s = signRequest({ method: 'GET', query: { Action: 'ListRooms' } }, credentials, options);
    assert.equal(s.signedHeaders, 'x-content-sha256;x-date');
    assert.equal(s.headers['X-Content-Sha256'], 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('adds and signs X-Security-Token for temporary credentials', () => {
    const s = signRequest({ method: 'GET' }, { ...credentials, sessionToken: 'STS2tok' }, options);
    assert.equal(s.signedHeaders, 'x-content-sha256;x-date;x-security-token');
    assert.equal(s.headers['X-Security-Token'], 'STS2tok');
  });

  it('replaces the caller’s own X-Date, X-Content-Sha256 and Authorization', () => {
    const s = signRequest(
      { method: 'GET', headers: { 'x-date': '19990101T000000Z', 'x-content-sha256': 'bogus', authorization: 'old' } },
      credentials,
      options,
    );
    assert.deepEqual(Object.keys(s.headers).sort(), ['Authorization', 'X-Content-Sha256', 'X-Date']);
    assert.equal(s.headers['X-Date'], '20240520T083000Z');
  });

  it('hashes a Uint8Array body as its raw bytes (unlike the official Node SDK, see the quirk)', () => {
    const quirk = vectors.quirks.find((q) => q.id === 'node_sdk_buffer_body_hashed_as_json')!;
    const input = quirk.sdk_output!.input;
    const s = signRequest(
      { method: input.method, query: vectorQuery(input), body: vectorBody(input) },
      { accessKeyId: input.access_key_id, secretAccessKey: input.secret_access_key },
      { region: input.region, service: input.service, date: new Date(input.date) },
    );
    assert.equal(s.headers['X-Content-Sha256'], quirk.correct_x_content_sha256);
    assert.notEqual(s.signature, quirk.sdk_output!.expected.signature);
  });

  it('keeps the caller order of repeated keys given as pairs, sorts them given as an array', () => {
    const pairs = signRequest(
      {
        method: 'GET',
        query: [
          ['Tag', 'zeta'],
          ['Action', 'ListRooms'],
          ['Tag', 'alpha'],
        ],
      },
      credentials,
      options,
    );
    assert.equal(pairs.queryString, 'Action=ListRooms&Tag=zeta&Tag=alpha');
    const record = signRequest(
      { method: 'GET', query: { Tag: ['zeta', 'alpha'], Action: 'ListRooms' } },
      credentials,
      options,
    );
    assert.equal(record.queryString, 'Action=ListRooms&Tag=alpha&Tag=zeta');
    const params = signRequest({ method: 'GET', query: new URLSearchParams('b=2&a=1 2&b=1') }, credentials, options);
    assert.equal(params.queryString, 'a=1%202&b=2&b=1');
  });
});

describe('signRequest throws SignerArgumentError naming the field', () => {
  const credentials = { accessKeyId: 'AKLTargs', secretAccessKey: 'args-secret-do-not-print' };
  const options = { region: 'cn-north-1', service: 'rtc' };
  const cases: [string, () => unknown, string][] = [
    [
      'no accessKeyId',
      () => signRequest({ method: 'GET' }, { secretAccessKey: 's' } as never, options),
      'credentials.accessKeyId',
    ],
    [
      'an accessKeyId with a slash',
      () => signRequest({ method: 'GET' }, { ...credentials, accessKeyId: 'a/b' }, options),
      'credentials.accessKeyId',
    ],
    [
      'no secret',
      () => signRequest({ method: 'GET' }, { accessKeyId: 'AK', secretAccessKey: '' }, options),
      'credentials.secretAccessKey',
    ],
    ['no credentials', () => signRequest({ method: 'GET' }, undefined as never, options), 'credentials'],
    [
      'a token that is not a string',
      () => signRequest({ method: 'GET' }, { ...credentials, sessionToken: 5 as never }, options),
      'credentials.sessionToken',
    ],
    ['no region', () => signRequest({ method: 'GET' }, credentials, { service: 'rtc' } as never), 'options.region'],
    [
      'a service with a slash',
      () => signRequest({ method: 'GET' }, credentials, { region: 'cn-north-1', service: 'r/tc' }),
      'options.service',
    ],
    [
      'an invalid date',
      () => signRequest({ method: 'GET' }, credentials, { ...options, date: new Date(Number.NaN) }),
      'options.date',
    ],
    ['no method', () => signRequest({} as never, credentials, options), 'request.method'],
    [
      'a path without a leading slash',
      () => signRequest({ method: 'GET', path: 'x' }, credentials, options),
      'request.path',
    ],
    [
      'a header value that is not a string',
      () => signRequest({ method: 'GET', headers: { a: 1 as never } }, credentials, options),
      'request.headers.a',
    ],
    [
      'a header value with a line break',
      () => signRequest({ method: 'GET', headers: { a: 'x\r\ny' } }, credentials, options),
      'request.headers.a',
    ],
    [
      'a body of the wrong type',
      () => signRequest({ method: 'POST', body: {} as never }, credentials, options),
      'request.body',
    ],
    [
      'a query value of the wrong type',
      () => signRequest({ method: 'GET', query: { a: {} as never } }, credentials, options),
      'request.query.a',
    ],
    [
      'a query value with a lone surrogate',
      () => signRequest({ method: 'GET', query: { a: '\ud800' } }, credentials, options),
      'request.query.a',
    ],
    [
      'signedHeaders naming an absent header',
      () => signRequest({ method: 'GET' }, credentials, { ...options, signedHeaders: ['host', 'x-date'] }),
      'options.signedHeaders',
    ],
    [
      'signedHeaders without x-date',
      () => signRequest({ method: 'GET' }, credentials, { ...options, signedHeaders: ['x-content-sha256'] }),
      'options.signedHeaders',
    ],
    [
      'signedHeaders without the token header',
      () =>
        signRequest(
          { method: 'GET' },
          { ...credentials, sessionToken: 't' },
          { ...options, signedHeaders: ['x-date'] },
        ),
      'options.signedHeaders',
    ],
  ];
  for (const [label, call, field] of cases) {
    it(label, () => {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof SignerArgumentError, String(error));
        assert.ok(error instanceof TypeError);
        assert.equal(error.field, field);
        assert.ok(!error.message.includes('args-secret-do-not-print'));
        return true;
      });
    });
  }
});
