import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  RtcAbortError,
  RtcApiError,
  RtcError,
  RtcMalformedResponseError,
  RtcNetworkError,
  RtcTimeoutError,
  RtcClient,
} from '@rtc-openapi/client';
import { envelope, errorEnvelope, startLocalServer, type LocalServer } from '../support/local-server.js';

const secret = 'super-secret-key-never-shown';
const credentials = { accessKeyId: 'AKLTerrors', secretAccessKey: secret };
const params = { AppId: 'app', RoomId: 'room', TaskId: 'task' };

/** No error message, and no property of the error, may carry the secret or the Authorization header. */
function assertNoSecrets(error: unknown): void {
  const seen = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error) + (error as Error).stack;
  assert.ok(!seen.includes(secret), 'the secret key leaked into the error');
  assert.ok(!/HMAC-SHA256 Credential=/.test(seen), 'the Authorization header leaked into the error');
}

describe('RtcClient failures', () => {
  let server: LocalServer;
  let client: RtcClient;
  before(async () => {
    server = await startLocalServer();
    client = new RtcClient({ ...credentials, endpoint: server.url, throttle: false, retry: false });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('an error envelope with a 4xx status is an RtcApiError with every field', async () => {
    server.handle(() => ({
      status: 400,
      body: errorEnvelope(
        'GetRecordTask',
        '2023-11-01',
        { Code: 'InvalidParameter.NotExistAppId', Message: 'no app' },
        'rid-1',
      ),
    }));
    const error = await client.GetRecordTask(params).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RtcApiError);
    assert.ok(error instanceof RtcError);
    assert.equal(error.kind, 'RTC_ERR_API');
    assert.equal(error.code, 'InvalidParameter.NotExistAppId');
    assert.equal(error.serverMessage, 'no app');
    assert.equal(error.httpStatus, 400);
    assert.equal(error.requestId, 'rid-1');
    assert.equal(error.action, 'GetRecordTask');
    assert.equal(error.version, '2023-11-01');
    assert.equal(error.catalogued, true);
    assert.match(error.message, /InvalidParameter\.NotExistAppId: no app .*RequestId rid-1/);
    assert.equal(error.canonicalRequest, undefined);
    assertNoSecrets(error);
  });

  test('a 200 whose ResponseMetadata carries Error is still a failure (legacy versions)', async () => {
    server.handle(() => ({
      body: errorEnvelope('GetRecordTask', '2020-12-01', { Code: 'InvalidParameter', Message: 'bad', CodeN: 0 }),
    }));
    await assert.rejects(client.GetRecordTask(params, { version: '2020-12-01' }), (error: unknown) => {
      assert.ok(error instanceof RtcApiError);
      assert.equal(error.httpStatus, 200);
      assert.equal(error.version, '2020-12-01');
      return true;
    });
  });

  test('gateway codes carry CodeN; an uncatalogued code comes through marked as such', async () => {
    server.handle(() => ({
      status: 403,
      body: errorEnvelope('GetRecordTask', '2023-11-01', { Code: 'AccessDenied', Message: 'no', CodeN: 100013 }),
    }));
    await assert.rejects(client.GetRecordTask(params), { code: 'AccessDenied', codeN: 100013, catalogued: true });
    server.handle(() => ({
      status: 400,
      body: errorEnvelope('GetRecordTask', '2023-11-01', { Code: 'Brand.NewCode', Message: 'new' }),
    }));
    await assert.rejects(client.GetRecordTask(params), { code: 'Brand.NewCode', catalogued: false });
  });

  test('SignatureDoesNotMatch carries the canonical request and string to sign, never the secret', async () => {
    server.handle(() => ({
      status: 401,
      body: errorEnvelope('StopRecord', '2023-11-01', {
        Code: 'SignatureDoesNotMatch',
        Message: 'signature mismatch',
        CodeN: 100010,
      }),
    }));
    const error = await client.StopRecord(params).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RtcApiError);
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.match(error.canonicalRequest!, /^POST\n\/\nAction=StopRecord&Version=2023-11-01\n/);
    assert.match(error.stringToSign!, /^HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/cn-north-1\/rtc\/request\n[0-9a-f]{64}$/);
    assertNoSecrets(error);
  });

  test('with STS credentials the session token line of that canonical request is redacted', async () => {
    server.handle(() => ({
      status: 401,
      body: errorEnvelope('StopRecord', '2023-11-01', { Code: 'SignatureDoesNotMatch', Message: 'no', CodeN: 100010 }),
    }));
    const sts = new RtcClient({
      ...credentials,
      sessionToken: 'sts-session-token-value',
      endpoint: server.url,
      throttle: false,
      retry: false,
    });
    try {
      const error = await sts.StopRecord(params).then(
        () => assert.fail('resolved'),
        (e: unknown) => e as RtcApiError,
      );
      assert.match(error.canonicalRequest!, /^x-security-token:<redacted>$/m);
      assert.ok(!JSON.stringify(error, Object.getOwnPropertyNames(error)).includes('sts-session-token-value'));
    } finally {
      await sts.close();
    }
  });

  test('a non-JSON body is RtcMalformedResponseError with the status and a snippet', async () => {
    server.handle(() => ({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }));
    await assert.rejects(client.GetRecordTask(params), (error: unknown) => {
      assert.ok(error instanceof RtcMalformedResponseError);
      assert.equal(error.kind, 'RTC_ERR_MALFORMED_RESPONSE');
      assert.equal(error.httpStatus, 502);
      assert.match(error.bodySnippet, /Bad Gateway/);
      return true;
    });
  });

  test('JSON without an envelope is malformed', async () => {
    server.handle(() => ({ body: { hello: 'world' } }));
    await assert.rejects(client.GetRecordTask(params), { name: 'RtcMalformedResponseError', httpStatus: 200 });
  });

  test('a status other than 200 is a failure even with a success envelope', async () => {
    server.handle(() => ({ status: 500, body: envelope('GetRecordTask', '2023-11-01', { ok: true }) }));
    await assert.rejects(client.GetRecordTask(params), { name: 'RtcMalformedResponseError', httpStatus: 500 });
  });

  test('a timeout is RtcTimeoutError naming the limit', async () => {
    server.handle(() => ({ delayMs: 2000, body: envelope('GetRecordTask', '2023-11-01', {}) }));
    await assert.rejects(client.GetRecordTask(params, { timeoutMs: 50 }), (error: unknown) => {
      assert.ok(error instanceof RtcTimeoutError);
      assert.equal(error.timeoutMs, 50);
      assert.equal(error.kind, 'RTC_ERR_TIMEOUT');
      return true;
    });
  });

  test('an abort during the exchange is RtcAbortError carrying the reason', async () => {
    server.handle(() => ({ delayMs: 2000, body: envelope('GetRecordTask', '2023-11-01', {}) }));
    const controller = new AbortController();
    const call = client.GetRecordTask(params, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user went away')), 20);
    await assert.rejects(call, (error: unknown) => {
      assert.ok(error instanceof RtcAbortError);
      assert.equal((error.cause as Error).message, 'user went away');
      return true;
    });
  });

  test('an already aborted signal sends nothing', async () => {
    server.requests.length = 0;
    await assert.rejects(client.GetRecordTask(params, { signal: AbortSignal.abort() }), { name: 'RtcAbortError' });
    assert.equal(server.requests.length, 0);
  });

  test('a dropped connection is RtcNetworkError', async () => {
    server.handle(() => ({ destroy: true }));
    await assert.rejects(client.GetRecordTask(params), (error: unknown) => {
      assert.ok(error instanceof RtcNetworkError);
      assert.equal(error.kind, 'RTC_ERR_NETWORK');
      assertNoSecrets(error);
      return true;
    });
  });
});

test('a refused connection is RtcNetworkError with the system code', async () => {
  const port = await unusedPort();
  const client = new RtcClient({ ...credentials, endpoint: `http://127.0.0.1:${port}`, throttle: false, retry: false });
  try {
    await assert.rejects(client.GetRecordTask(params), (error: unknown) => {
      assert.ok(error instanceof RtcNetworkError);
      assert.equal(error.causeCode, 'ECONNREFUSED');
      return true;
    });
  } finally {
    await client.close();
  }
});

test('instanceof and kind work for errors from another copy of the package', () => {
  // A second copy has its own classes but the same global brand; simulate one by branding a foreign object.
  const foreign = Object.create(Error.prototype) as Record<symbol | string, unknown>;
  Object.defineProperty(foreign, Symbol.for('rtc-openapi.client.error'), { value: 'RTC_ERR_TIMEOUT' });
  assert.ok((foreign as unknown) instanceof RtcTimeoutError);
  assert.ok((foreign as unknown) instanceof RtcError);
  assert.ok(!((foreign as unknown) instanceof RtcApiError));
  assert.ok(!(new Error('plain') instanceof RtcError));
});

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
