import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { buildSuccessEnvelope, type ErrorCode } from '@rtc-openapi/api';
import { ApiError } from '../../src/errors/api-error.js';
import { renderSuccess } from '../../src/gateway/render-envelope.js';
import { call, codeOf, startGateway, testKey, type Gateway, type TestKey } from './gateway-harness.js';

describe('dispatch and envelope stages', () => {
  let gateway: Gateway;
  let key: TestKey;
  before(async () => {
    gateway = await startGateway({
      handlers: {
        ListApps: () => ({ AppList: [], Total: 0 }),
        CreateApp: () => {
          throw new TypeError('boom: secret internals at /srv/app.ts:12');
        },
        ModifyAppStatus: () => {
          // Plain JavaScript can still hand the renderer a code the catalog does not know.
          throw new ApiError('Made.Up.Code' as ErrorCode, 'a code the catalog does not know');
        },
        ListRooms: () => ({ big: 1n }),
      },
    });
    key = gateway.identity.addKey(testKey('2100000001'));
    gateway.identity.appOwners.set('app-one', '2100000001');
  });
  after(() => gateway.close());

  it('wraps a Result in ResponseMetadata with a unique RequestId, the action, version, service and region', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const r = await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(r.json.Result, { AppList: [], Total: 0 });
      const { RequestId, ...rest } = r.json.ResponseMetadata;
      assert.deepEqual(rest, { Action: 'ListApps', Version: '2023-11-01', Service: 'rtc', Region: 'cn-north-1' });
      assert.match(RequestId, /^\d{14}[0-9A-F]{18}$/);
      ids.add(RequestId);
    }
    assert.equal(ids.size, 5);
  });

  it('turns an unexpected exception into InternalError (500, 100014) with nothing of it on the wire, but in the log', async () => {
    const r = await call(gateway.url, { action: 'CreateApp', version: '2023-11-01', body: { AppName: 'x' }, key });
    assert.equal(r.status, 500);
    assert.deepEqual([codeOf(r), r.json.ResponseMetadata.Error?.CodeN], ['InternalError', 100014]);
    assert.doesNotMatch(r.text, /boom|srv|TypeError|at /);
    assert.match(r.json.ResponseMetadata.Error!.Message, new RegExp(r.json.ResponseMetadata.RequestId));
    const line = gateway.logLines().find((l) => l.requestId === r.json.ResponseMetadata.RequestId)!;
    assert.equal(line.level, 50);
    assert.match(JSON.stringify(line.err), /boom/);
  });

  it('never sends a code the catalog does not document: an unknown ApiError code becomes InternalError', async () => {
    const r = await call(gateway.url, {
      action: 'ModifyAppStatus',
      version: '2023-11-01',
      body: { AppId: 'app-one', Status: 1 },
      key,
    });
    assert.equal(codeOf(r), 'InternalError');
    assert.doesNotMatch(r.text, /Made\.Up/);
  });

  it('turns a Result that cannot be serialised into InternalError', async () => {
    const r = await call(gateway.url, { action: 'ListRooms', version: '2020-12-01', query: { AppId: 'app-one' }, key });
    assert.equal(codeOf(r), 'InternalError');
  });
});

test('a success envelope is the same text as JSON.stringify of the built envelope, escapes included', () => {
  const meta = { requestId: 'R1', action: 'List"Apps\\', version: '2023-11-01\n', region: 'cn-north-1\u2028' };
  for (const result of [{ A: 1, B: ['x', null] }, undefined, null, 'ok', { S: '\u0000"' }]) {
    const expected = JSON.stringify(
      buildSuccessEnvelope(
        { RequestId: 'R1', Action: meta.action, Version: meta.version, Service: 'rtc', Region: meta.region },
        result ?? {},
      ),
    );
    assert.equal(renderSuccess(meta, result).body, expected);
  }
});
