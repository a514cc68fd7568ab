// Requests shaped the way the Go, Java, Python and Node SDKs shape them but not in the vectors file: each canonical
// request below is spelled out literally and signed by the independent reference signer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyRequest } from '@rtc-openapi/signer';
import type { VerifiableRequest, VerifyResult } from '@rtc-openapi/signer';
import { referenceAuthorization, sha256Hex } from './support/reference-signer.js';

const AK = 'AKLTvariantsAccessKey';
const SECRET = 'c2VjcmV0LWZvci12YXJpYW50cw==';
const X_DATE = '20240520T083000Z';
const NOW = new Date('2024-05-20T08:30:00Z');
const EMPTY = sha256Hex('');

function verify(request: VerifiableRequest, now: Date | number = NOW): Promise<VerifyResult> {
  return verifyRequest(request, { lookupSecret: (ak) => (ak === AK ? SECRET : undefined), now });
}

function assertOk(result: VerifyResult): void {
  assert.deepEqual(result.ok ? 'ok' : result, 'ok');
}

function signed(
  canonical: { path?: string; query: string; headers: [string, string][]; payloadHash?: string; method?: string },
  wire: { url: string; headers: Record<string, string>; body?: string; method?: string },
): VerifiableRequest {
  const authorization = referenceAuthorization({
    method: canonical.method ?? wire.method ?? 'GET',
    canonicalPath: canonical.path ?? '/',
    canonicalQuery: canonical.query,
    canonicalHeaders: canonical.headers,
    payloadHash: canonical.payloadHash ?? sha256Hex(wire.body ?? ''),
    xDate: X_DATE,
    accessKeyId: AK,
    secret: SECRET,
  });
  return {
    method: wire.method ?? 'GET',
    url: wire.url,
    headers: { ...wire.headers, authorization },
    body: wire.body ?? '',
  };
}

describe('verifyRequest accepts SDK variants not in the vectors file', () => {
  it('Go/Java/Python: repeated keys signed in the order given, sent form-encoded with + for space', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Tag=z%20z&Tag=a&Tag=M&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&Tag=z+z&Tag=a&Tag=M&Version=2020-12-01', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('Node legacy SDK: repeated keys signed with sorted values but sent in the caller order', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Tag=M&Tag=a&Tag=z%20z&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&Version=2020-12-01&Tag=z%20z&Tag=a&Tag=M', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('repeated keys signed with raw values sorted (sorted key/value tuples)', async () => {
    const request = signed(
      { query: 'Tag=z&Tag=%C3%A9', headers: [['x-date', X_DATE]] },
      { url: '/?Tag=%C3%A9&Tag=z', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('Go/Java: Host signed without :443 while the Host header keeps it', async () => {
    const request = signed(
      {
        query: 'Action=ListRooms&Version=2020-12-01',
        headers: [
          ['host', 'rtc.volcengineapi.com'],
          ['x-content-sha256', EMPTY],
          ['x-date', X_DATE],
        ],
      },
      {
        url: '/?Action=ListRooms&Version=2020-12-01',
        headers: { host: 'rtc.volcengineapi.com:443', 'x-content-sha256': EMPTY, 'x-date': X_DATE },
      },
    );
    assertOk(await verify(request));
  });

  it('Host signed with :80 exactly as sent', async () => {
    const request = signed(
      {
        query: '',
        headers: [
          ['host', 'rtc.example:80'],
          ['x-date', X_DATE],
        ],
      },
      { url: '/', headers: { host: 'rtc.example:80', 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('Go/Java: header values only trimmed, internal whitespace runs kept', async () => {
    const request = signed(
      {
        query: 'Action=StartRecord&Version=2022-06-01',
        headers: [
          ['x-date', X_DATE],
          ['x-tt-logid', 'abc   def\t ghi'],
        ],
      },
      {
        url: '/?Action=StartRecord&Version=2022-06-01',
        headers: { 'x-date': X_DATE, 'x-tt-logid': ' abc   def\t ghi ' },
      },
    );
    assertOk(await verify(request));
  });

  it('Node: header values with whitespace runs collapsed', async () => {
    const request = signed(
      {
        query: 'Action=StartRecord&Version=2022-06-01',
        headers: [
          ['x-date', X_DATE],
          ['x-tt-logid', 'abc def ghi'],
        ],
      },
      {
        url: '/?Action=StartRecord&Version=2022-06-01',
        headers: { 'x-date': X_DATE, 'x-tt-logid': 'abc   def\t ghi' },
      },
    );
    assertOk(await verify(request));
  });

  it('a POST whose SDK neither sent nor signed X-Content-Sha256: the real body is hashed', async () => {
    const body = '{"AppId":"app","RoomId":"r1"}';
    const request = signed(
      { query: 'Action=StartRecord&Version=2022-06-01', headers: [['x-date', X_DATE]] },
      { method: 'POST', url: '/?Action=StartRecord&Version=2022-06-01', headers: { 'x-date': X_DATE }, body },
    );
    assertOk(await verify(request));
  });

  it('a different signed header set (content-type, content-md5, x-* headers, host)', async () => {
    const body = '{"a":1}';
    const request = signed(
      {
        query: 'Action=StartRecord&Version=2022-06-01',
        headers: [
          ['content-md5', 'kX5bV6gV0Y7kKZ2Q0I3ZgA=='],
          ['content-type', 'application/json'],
          ['host', 'localhost:8080'],
          ['x-content-sha256', sha256Hex(body)],
          ['x-date', X_DATE],
          ['x-request-id', 'r-1'],
        ],
      },
      {
        method: 'POST',
        url: '/?Action=StartRecord&Version=2022-06-01',
        headers: {
          'content-md5': 'kX5bV6gV0Y7kKZ2Q0I3ZgA==',
          'content-type': 'application/json',
          host: 'localhost:8080',
          'x-content-sha256': sha256Hex(body),
          'x-date': X_DATE,
          'x-request-id': 'r-1',
          'user-agent': 'not-signed/1.0',
        },
        body,
      },
    );
    assertOk(await verify(request));
  });

  it('* sent raw and ~ sent as %7E canonicalise as %2A and ~', async () => {
    const request = signed(
      { query: 'Action=ListRooms&RoomId=a%2Ab~c&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&RoomId=a*b%7Ec&Version=2020-12-01', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('volcengine-python-sdk: non-ASCII keys sorted by their encoded form', async () => {
    const request = signed(
      { query: '%C3%A9=1&Action=ListRooms&Version=2020-12-01&_=2&z=3', headers: [['x-date', X_DATE]] },
      { url: '/?%C3%A9=1&_=2&z=3&Action=ListRooms&Version=2020-12-01', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('Go/Java: a non-root path signed with each segment re-encoded', async () => {
    const request = signed(
      { path: '/api/room%20one/%E6%88%BF', query: '', headers: [['x-date', X_DATE]] },
      { url: '/api/room%20one/%e6%88%bf', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('a key without "=" and empty segments ("a&&b=1")', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Flag=&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&&Flag&Version=2020-12-01&', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('a literal + sent unescaped but signed as %2B', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Tz=%2B08%3A00&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&Tz=+08:00&Version=2020-12-01', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('Java: a parameter sent without "=" signed without "="', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Flag&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&Flag&Version=2020-12-01', headers: { 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('several differences at once: Host without :443, trimmed-only value, Node-sorted repeated keys, literal +', async () => {
    const request = signed(
      {
        query: 'Tag=a&Tag=b&Tz=%2B08',
        headers: [
          ['host', 'rtc.volcengineapi.com'],
          ['x-date', X_DATE],
          ['x-tt-logid', 'a  b'],
        ],
      },
      {
        url: '/?Tag=b&Tag=a&Tz=+08',
        headers: { host: 'rtc.volcengineapi.com:443', 'x-date': X_DATE, 'x-tt-logid': 'a  b' },
      },
    );
    assertOk(await verify(request));
  });

  it('an Authorization header with other spacing, parts reordered and an upper-case signature', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&Version=2020-12-01', headers: { 'x-date': X_DATE } },
    );
    const auth = request.headers.authorization as string;
    const [, credential, signedHeaders, signature] = /Credential=(\S+), SignedHeaders=(\S+), Signature=(\S+)/.exec(
      auth,
    )!;
    const variant = `  HMAC-SHA256  Signature=${signature!.toUpperCase()},SignedHeaders=${signedHeaders},Credential=${credential}  `;
    assertOk(await verify({ ...request, headers: { ...request.headers, authorization: variant } }));
  });

  it('header names in any case, an absolute-form target and an async lookupSecret', async () => {
    const request = signed(
      { query: 'Action=ListRooms&Version=2020-12-01', headers: [['x-date', X_DATE]] },
      { url: '/?Action=ListRooms&Version=2020-12-01', headers: { 'X-Date': X_DATE } },
    );
    const result = await verifyRequest(
      {
        ...request,
        url: `http://rtc.volcengineapi.com${request.url}`,
        headers: { 'X-Date': X_DATE, Authorization: request.headers.authorization as string },
      },
      { lookupSecret: async (ak) => (ak === AK ? SECRET : undefined), now: NOW },
    );
    assertOk(result);
  });

  it('a non-ASCII header value signed as UTF-8 and received by node:http as latin1', async () => {
    const request = signed(
      {
        query: '',
        headers: [
          ['x-date', X_DATE],
          ['x-user-name', 'José 房间'],
        ],
      },
      { url: '/', headers: { 'x-date': X_DATE, 'x-user-name': Buffer.from('José 房间', 'utf8').toString('latin1') } },
    );
    assertOk(await verify(request));
  });

  it('HTTP/2: a signed host taken from the :authority pseudo-header', async () => {
    const request = signed(
      {
        query: '',
        headers: [
          ['host', 'rtc.volcengineapi.com'],
          ['x-date', X_DATE],
        ],
      },
      { url: '/', headers: { ':authority': 'rtc.volcengineapi.com', 'x-date': X_DATE } },
    );
    assertOk(await verify(request));
  });

  it('a temporary credential: the session token is returned', async () => {
    const request = signed(
      {
        query: '',
        headers: [
          ['x-date', X_DATE],
          ['x-security-token', 'STS2abc'],
        ],
      },
      { url: '/', headers: { 'x-date': X_DATE, 'x-security-token': 'STS2abc' } },
    );
    const result = await verify(request);
    assert.deepEqual(result, {
      ok: true,
      accessKeyId: AK,
      sessionToken: 'STS2abc',
      region: 'cn-north-1',
      service: 'rtc',
      signedHeaders: ['x-date', 'x-security-token'],
      presigned: false,
    });
  });
});
