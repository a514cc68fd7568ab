import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actionSpecs, getActionSpec } from '@rtc-openapi/api';
import { signRequest } from '@rtc-openapi/signer';
import { ApiError } from '../../src/errors/api-error.js';
import { decodeParams, PROTOCOL_QUERY_KEYS } from '../../src/gateway/decode-params.js';
import { call, codeOf, startGateway, testKey, type Envelope, type Gateway, type TestKey } from './gateway-harness.js';

describe('decode and validate stages', () => {
  let gateway: Gateway;
  let key: TestKey;
  let seen: Record<string, unknown>[];
  before(async () => {
    seen = [];
    gateway = await startGateway({
      handlers: {
        GetRecordTask: (params) => {
          seen.push(params);
          return { RecordTask: null };
        },
        StartRecord: (params) => {
          seen.push(params);
          return 'ok';
        },
      },
    });
    key = gateway.identity.addKey(testKey('2100000001'));
    gateway.identity.appOwners.set('app-one', '2100000001');
  });
  after(() => gateway.close());

  const startRecord = {
    AppId: 'app-one',
    RoomId: 'room_001',
    TaskId: 'task-001',
    StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000000', Region: 0, Bucket: 'my-bucket' } },
  };

  async function signedRaw(body: string | Uint8Array, headers: Record<string, string>, version = '2023-11-01') {
    const signed = signRequest(
      { method: 'POST', query: { Action: 'StartRecord', Version: version }, headers, body },
      key,
      {
        region: 'cn-north-1',
        service: 'rtc',
      },
    );
    const response = await fetch(`${gateway.url}/?${signed.queryString}`, {
      method: 'POST',
      headers: signed.headers,
      body: typeof body === 'string' ? body : Buffer.from(body),
    });
    return { status: response.status, json: (await response.json()) as Envelope };
  }

  it('hands valid body params to the handler and wraps its Result', async () => {
    const r = await call(gateway.url, { action: 'StartRecord', version: '2023-11-01', body: startRecord, key });
    assert.equal(r.status, 200);
    assert.equal(r.json.Result, 'ok');
    assert.equal(r.json.ResponseMetadata.Error, undefined);
    assert.deepEqual(seen.at(-1), startRecord);
  });

  it('coerces query params of GET actions to the schema types', async () => {
    const r = await call(gateway.url, {
      action: 'GetRecordTask',
      version: '2023-11-01',
      query: { AppId: 'app-one', RoomId: 'room_001', TaskId: 'task-001' },
      key,
    });
    assert.equal(codeOf(r), 'OK');
    assert.deepEqual(seen.at(-1), { AppId: 'app-one', RoomId: 'room_001', TaskId: 'task-001' });
  });

  it('never takes a protocol key (Action, X-Date, X-Signature...) as a param: no query action names one', () => {
    const queryActions = actionSpecs.filter((spec) => spec.paramsIn === 'query');
    assert.ok(queryActions.length >= 39, 'the catalog has its query-param actions');
    for (const spec of queryActions) {
      for (const name of Object.keys(spec.params.properties)) {
        assert.ok(!PROTOCOL_QUERY_KEYS.has(name), `${spec.action} ${spec.version} takes a param named ${name}`);
      }
    }
  });

  it('answers InvalidParameter.BodyIsEmpty to a POST action without a body', async () => {
    const r = await signedRaw('', { 'content-type': 'application/json' });
    assert.deepEqual([r.status, r.json.ResponseMetadata.Error?.Code], [400, 'InvalidParameter.BodyIsEmpty']);
  });

  it('lets an action that takes no params be called with an empty body', async () => {
    const r = await call(gateway.url, { action: 'GetResourcePackNum', version: '2020-12-01', method: 'POST', key });
    // The gateway's stub handler answered: the empty body passed decoding and validation.
    assert.equal(codeOf(r), 'OK');
  });

  it('answers InvalidParameter.Unmarshal to a body that is not JSON, or not an object', async () => {
    for (const body of ['{"AppId":', 'null', '[1,2]', '"text"']) {
      const r = await signedRaw(body, { 'content-type': 'application/json' });
      assert.equal(r.json.ResponseMetadata.Error?.Code, 'InvalidParameter.Unmarshal', body);
    }
  });

  it('refuses a body that is not valid UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"AppId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const r = await signedRaw(body, { 'content-type': 'application/json' });
    assert.equal(r.json.ResponseMetadata.Error?.Code, 'InvalidParameter');
    assert.match(r.json.ResponseMetadata.Error!.Message, /UTF-8/);
  });

  it('refuses a POST body that is not declared application/json, naming Content-Type', async () => {
    for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }]) {
      const r = await signedRaw(JSON.stringify(startRecord), headers);
      assert.equal(r.json.ResponseMetadata.Error?.Code, 'InvalidParameter');
      assert.match(r.json.ResponseMetadata.Error!.Message, /Content-Type/);
    }
    const charset = await signedRaw(JSON.stringify(startRecord), { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(charset.json.Result, 'ok');
  });

  it('refuses a query with broken percent-encoding instead of guessing, naming the parameter', () => {
    const spec = getActionSpec('GetRecordTask', '2023-11-01')!;
    const url = '/?Action=GetRecordTask&Version=2023-11-01&AppId=app-one&RoomId=%E6%88&TaskId=t';
    const request = {
      requestId: 'r',
      method: 'GET',
      url,
      query: new URLSearchParams(url.slice(2)),
      headers: {},
      body: Buffer.alloc(0),
      receivedAtMs: 0,
    };
    assert.throws(
      () => decodeParams(request, spec),
      (error: unknown) =>
        error instanceof ApiError && error.code === 'InvalidParameter' && /RoomId/.test(error.message),
    );
    const fine = {
      ...request,
      url: url.replace('%E6%88', '%E6%88%BF'),
      query: new URLSearchParams(url.slice(2).replace('%E6%88', '%E6%88%BF')),
    };
    assert.equal(decodeParams(fine, spec).RoomId, '房');
  });

  it('names the field of a schema violation: missing, wrong type, ID rule', async () => {
    const missing = await call(gateway.url, {
      action: 'StartRecord',
      version: '2023-11-01',
      body: { ...startRecord, TaskId: undefined },
      key,
    });
    assert.equal(missing.status, 400);
    assert.match(missing.json.ResponseMetadata.Error!.Code, /^MissingParameter|^InvalidParameter/);
    assert.match(missing.json.ResponseMetadata.Error!.Message, /TaskId/);
    const wrongType = await call(gateway.url, {
      action: 'StartRecord',
      version: '2023-11-01',
      body: { ...startRecord, RoomId: 7 },
      key,
    });
    assert.match(wrongType.json.ResponseMetadata.Error!.Message, /RoomId/);
    const badId = await call(gateway.url, {
      action: 'StartRecord',
      version: '2023-11-01',
      body: { ...startRecord, TaskId: 'bad id!' },
      key,
    });
    assert.match(badId.json.ResponseMetadata.Error!.Code, /^InvalidParameter/);
    assert.match(badId.json.ResponseMetadata.Error!.Message, /TaskId/);
  });

  it('answers business errors of versions before 2023-07-20 with HTTP 200 and Error (section 1.3)', async () => {
    const legacy = await call(gateway.url, {
      action: 'StartRecord',
      version: '2022-06-01',
      body: { ...startRecord, RoomId: 7 },
      key,
    });
    assert.equal(legacy.status, 200);
    assert.match(legacy.json.ResponseMetadata.Error!.Code, /^InvalidParameter/);
  });

  it('lets identity refuse an AppId of another account or one that does not exist', async () => {
    gateway.identity.appOwners.set('app-other', '2100000002');
    const mismatch = await call(gateway.url, {
      action: 'StartRecord',
      version: '2023-11-01',
      body: { ...startRecord, AppId: 'app-other' },
      key,
    });
    assert.deepEqual(
      [mismatch.status, codeOf(mismatch), mismatch.json.ResponseMetadata.Error?.Message],
      [403, 'InvalidParameter.AccountIdMismatch', 'Check owner failed'],
    );
    const unknown = await call(gateway.url, {
      action: 'StartRecord',
      version: '2023-11-01',
      body: { ...startRecord, AppId: 'nope' },
      key,
    });
    assert.equal(codeOf(unknown), 'InvalidParameter.NotExistAppId');
  });
});
