import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, codeOf, startGateway, testKey, type Envelope, type Gateway, type TestKey } from './gateway-harness.js';

describe('protocol stage and routing', () => {
  let gateway: Gateway;
  let key: TestKey;
  before(async () => {
    gateway = await startGateway();
    key = gateway.identity.addKey(testKey('2100000001'));
  });
  after(() => gateway.close());

  async function raw(path: string, init: RequestInit = {}) {
    const response = await fetch(gateway.url + path, init);
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), text };
  }

  it('answers MissingParameter (400, CodeN 100002) without Action, naming it', async () => {
    const r = await raw('/?Version=2023-11-01');
    assert.equal(r.status, 400);
    const { ResponseMetadata } = JSON.parse(r.text) as Envelope;
    assert.deepEqual(ResponseMetadata.Error?.Code, 'MissingParameter');
    assert.equal(ResponseMetadata.Error?.CodeN, 100002);
    assert.match(ResponseMetadata.Error!.Message, /Action/);
    assert.equal(ResponseMetadata.Service, 'rtc');
    assert.equal(ResponseMetadata.Region, 'cn-north-1');
  });

  it('answers MissingParameter without Version, naming it', async () => {
    const r = await raw('/?Action=ListApps');
    assert.equal(r.status, 400);
    const error = (JSON.parse(r.text) as Envelope).ResponseMetadata.Error!;
    assert.equal(error.Code, 'MissingParameter');
    assert.match(error.Message, /Version/);
  });

  it('answers InvalidActionOrVersion (404, 100008) for an unknown action and for a version the action lacks', async () => {
    for (const query of ['Action=NoSuchAction&Version=2023-11-01', 'Action=ListApps&Version=2019-01-01']) {
      const r = await call(gateway.url, {
        action: new URLSearchParams(query).get('Action')!,
        version: new URLSearchParams(query).get('Version')!,
        body: {},
        key,
      });
      assert.equal(r.status, 404, query);
      assert.equal(codeOf(r), 'InvalidActionOrVersion');
      assert.equal(r.json.ResponseMetadata.Error?.CodeN, 100008);
      assert.equal(r.json.ResponseMetadata.Action, new URLSearchParams(query).get('Action'));
    }
  });

  it('answers MethodNotAllowed (405) for GET to a POST action and POST to a GET action', async () => {
    const get = await call(gateway.url, { action: 'ListApps', version: '2023-11-01', method: 'GET', key });
    assert.equal(get.status, 405);
    assert.equal(codeOf(get), 'MethodNotAllowed');
    assert.match(get.json.ResponseMetadata.Error!.Message, /POST/);
    const post = await call(gateway.url, { action: 'GetRecordTask', version: '2022-06-01', body: {}, key });
    assert.equal(codeOf(post), 'MethodNotAllowed');
  });

  it('answers PUT, DELETE and PATCH on / with an envelope', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await raw('/?Action=ListApps&Version=2023-11-01', { method });
      assert.equal(r.status, 405, method);
      assert.equal((JSON.parse(r.text) as Envelope).ResponseMetadata.Error?.Code, 'MethodNotAllowed');
    }
  });

  it('answers other paths with an envelope, never HTML', async () => {
    for (const [path, method] of [
      ['/index.html', 'GET'],
      ['/api/v1/rooms?Action=ListApps&Version=2023-11-01', 'POST'],
      ['/healthz', 'POST'],
      ['//', 'GET'],
    ] as const) {
      const r = await raw(path, { method });
      assert.equal(r.status, 404, path);
      assert.match(r.type ?? '', /^application\/json/);
      const envelope = JSON.parse(r.text) as Envelope;
      assert.equal(envelope.ResponseMetadata.Error?.Code, 'InvalidActionOrVersion');
      assert.equal(typeof envelope.ResponseMetadata.RequestId, 'string');
    }
  });

  it('serves GET /healthz as plain text, unsigned', async () => {
    const r = await raw('/healthz');
    assert.equal(r.status, 200);
    assert.match(r.type ?? '', /^text\/plain/);
    assert.equal(r.text, 'ok\n');
  });

  it('serves Prometheus metrics: requests by action and code, and a latency histogram', async () => {
    await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key });
    await raw('/?Action=Invented&Version=2023-11-01');
    const r = await raw('/metrics');
    assert.equal(r.status, 200);
    assert.match(r.type ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(r.text, /^rtc_requests_total\{action="ListApps",code="OK"\} [1-9]/m);
    assert.match(r.text, /^rtc_request_duration_seconds_bucket\{action="ListApps",le="\+Inf"\} [1-9]/m);
    assert.match(r.text, /^rtc_request_duration_seconds_count\{action="ListApps"\} [1-9]/m);
    // An invented action is counted under "-", so that callers cannot grow the label space.
    assert.match(r.text, /^rtc_requests_total\{action="-",code="InvalidActionOrVersion"\} [1-9]/m);
    assert.doesNotMatch(r.text, /Invented/);
  });
});
