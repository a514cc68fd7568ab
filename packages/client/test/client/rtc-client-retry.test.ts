import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { RtcClient, type ResponseEvent, type RetryEvent } from '@rtc-openapi/client';
import { envelope, errorEnvelope, startLocalServer, type LocalServer } from '../support/local-server.js';

const credentials = { accessKeyId: 'AKLTretry', secretAccessKey: 'retry-secret' };
const task = { AppId: 'app', RoomId: 'room', TaskId: 'task' };
const throttled = (action: string, version: string) => ({
  status: 429,
  body: errorEnvelope(action, version, { Code: 'FlowLimitExceeded.QPSOverLimit', Message: 'slow down' }),
});

describe('RtcClient retries', () => {
  let server: LocalServer;
  let client: RtcClient;
  let retries: RetryEvent[];
  let responses: ResponseEvent[];

  before(async () => {
    server = await startLocalServer();
    client = new RtcClient({
      ...credentials,
      endpoint: server.url,
      throttle: false,
      retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
      hooks: {
        onRetry: (event) => retries.push(event),
        onResponse: (event) => responses.push(event),
      },
    });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    retries = [];
    responses = [];
  });

  test('a query answered 429 twice then 200 succeeds on the third attempt; the hook sees both retries', async () => {
    server.handle((_request, index) =>
      index < 2
        ? throttled('GetRecordTask', '2023-11-01')
        : { body: envelope('GetRecordTask', '2023-11-01', { n: 3 }) },
    );
    assert.deepEqual(await client.GetRecordTask(task), { n: 3 });
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      retries.map((r) => [r.attempt, r.action, r.error.kind]),
      [
        [1, 'GetRecordTask', 'RTC_ERR_API'],
        [2, 'GetRecordTask', 'RTC_ERR_API'],
      ],
    );
    // Full jitter: each wait within its doubling window.
    assert.ok(retries[0]!.delayMs >= 0 && retries[0]!.delayMs < 20);
    assert.ok(retries[1]!.delayMs >= 0 && retries[1]!.delayMs < 40);
    // onResponse sees every attempt: status, RequestId, and no credentials.
    assert.deepEqual(
      responses.map((r) => [r.attempt, r.httpStatus, r.requestId, r.error?.kind]),
      [
        [1, 429, 'req-err', 'RTC_ERR_API'],
        [2, 429, 'req-err', 'RTC_ERR_API'],
        [3, 200, 'req-1', undefined],
      ],
    );
    assert.ok(!JSON.stringify(responses).includes('retry-secret'));
  });

  test('Stop* with a TaskId is retried after a 5xx and a dropped connection', async () => {
    server.handle((_request, index) =>
      index === 0
        ? { status: 503, body: errorEnvelope('StopRecord', '2023-11-01', { Code: 'InternalError', Message: 'x' }) }
        : index === 1
          ? { destroy: true }
          : { body: envelope('StopRecord', '2023-11-01', 'ok') },
    );
    assert.equal(await client.StopRecord(task), 'ok');
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      retries.map((r) => r.error.kind),
      ['RTC_ERR_API', 'RTC_ERR_NETWORK'],
    );
  });

  test('an unsafe call (a message) is sent once even when throttled', async () => {
    server.handle(() => throttled('SendUnicast', '2023-07-20'));
    await assert.rejects(
      client.SendUnicast({ AppId: 'app', From: 'server', To: 'user', Message: 'hi', Binary: false } as never),
      { name: 'RtcApiError', code: 'FlowLimitExceeded.QPSOverLimit', httpStatus: 429 },
    );
    assert.equal(server.requests.length, 1);
    assert.equal(retries.length, 0);
  });

  test('a business error that retrying cannot fix is not retried', async () => {
    server.handle(() => ({
      status: 400,
      body: errorEnvelope('GetRecordTask', '2023-11-01', { Code: 'InvalidParameter', Message: 'bad' }),
    }));
    await assert.rejects(client.GetRecordTask(task), { code: 'InvalidParameter' });
    assert.equal(server.requests.length, 1);
  });

  test('501 Not Implemented is final: asking again cannot help', async () => {
    server.handle(() => ({
      status: 501,
      body: errorEnvelope('GetRecordTask', '2023-11-01', { Code: 'NotImplemented', Message: 'not built' }),
    }));
    await assert.rejects(client.GetRecordTask(task), { code: 'NotImplemented', httpStatus: 501 });
    assert.equal(server.requests.length, 1);
    assert.equal(retries.length, 0);
  });

  test('attempts are bounded; the last failure is thrown', async () => {
    server.handle(() => throttled('GetRecordTask', '2023-11-01'));
    await assert.rejects(client.GetRecordTask(task), { code: 'FlowLimitExceeded.QPSOverLimit' });
    assert.equal(server.requests.length, 4);
    assert.equal(retries.length, 3);
  });

  test('retry can be turned off per call', async () => {
    server.handle(() => throttled('GetRecordTask', '2023-11-01'));
    await assert.rejects(client.GetRecordTask(task, { retry: false }), { httpStatus: 429 });
    assert.equal(server.requests.length, 1);
  });

  test("a server's Retry-After is honoured, capped at maxDelayMs", async () => {
    server.handle((_request, index) =>
      index === 0
        ? { ...throttled('GetRecordTask', '2023-11-01'), headers: { 'retry-after': '1' } }
        : { body: envelope('GetRecordTask', '2023-11-01', {}) },
    );
    await client.GetRecordTask(task);
    assert.equal(retries[0]!.delayMs, 200);
  });

  test('an abort during the backoff wait stops the retries', async () => {
    server.handle(() => ({ ...throttled('GetRecordTask', '2023-11-01'), headers: { 'retry-after': '10' } }));
    const controller = new AbortController();
    const slow = new RtcClient({
      ...credentials,
      endpoint: server.url,
      throttle: false,
      retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      hooks: { onRetry: () => controller.abort() },
    });
    try {
      await assert.rejects(slow.GetRecordTask(task, { signal: controller.signal }), { name: 'RtcAbortError' });
      assert.equal(server.requests.length, 1);
    } finally {
      await slow.close();
    }
  });
});
