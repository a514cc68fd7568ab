import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { verifyRequest } from '@rtc-openapi/signer';
import { RtcClient, RtcValidationError, clientVersion, type RtcClientOptions } from '@rtc-openapi/client';
import { envelope, errorEnvelope, startLocalServer, type LocalServer } from '../support/local-server.js';

const credentials = { accessKeyId: 'AKLTtest', secretAccessKey: 'secret-for-tests' };

describe('RtcClient calls', () => {
  let server: LocalServer;
  let client: RtcClient;

  before(async () => {
    server = await startLocalServer();
    client = new RtcClient({ ...credentials, endpoint: server.url, throttle: false });
  });
  after(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    // Checks every signature with the official algorithm, as the real gateway would.
    server.handle(async (request) => {
      const verdict = await verifyRequest(
        {
          method: request.method,
          url: request.url,
          headers: request.headers as Record<string, string>,
          body: request.body,
        },
        { lookupSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined) },
      );
      const action = request.query.get('Action') ?? '';
      const version = request.query.get('Version') ?? '';
      if (!verdict.ok)
        return { status: 401, body: errorEnvelope(action, version, { Code: verdict.code, Message: verdict.message }) };
      return { body: envelope(action, version, { Echo: request.method }) };
    });
  });

  test('a GET action sends its params in the signed query, newest version by default', async () => {
    const result = await client.GetRecordTask({ AppId: 'app', RoomId: 'room-1', TaskId: 'task-1' });
    assert.deepEqual(result, { Echo: 'GET' });
    const [request] = server.requests;
    assert.equal(request!.method, 'GET');
    assert.equal(request!.query.get('Action'), 'GetRecordTask');
    assert.equal(request!.query.get('Version'), '2023-11-01');
    assert.equal(request!.query.get('RoomId'), 'room-1');
    assert.equal(request!.body, '');
  });

  test('a POST action sends its params as a JSON body', async () => {
    const params = { AppId: 'app', RoomId: 'room-1', TaskId: 'task-1' };
    await client.StopRecord(params);
    const [request] = server.requests;
    assert.equal(request!.method, 'POST');
    assert.deepEqual(JSON.parse(request!.body), params);
    assert.equal(request!.headers['content-type'], 'application/json');
    assert.deepEqual([...request!.query.keys()].sort(), ['Action', 'Version']);
  });

  test('DeleteCallback is POST with its params in the query (catalog 1.1)', async () => {
    await client.call('DeleteCallback', { AppId: 'app' } as never);
    const [request] = server.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.query.get('AppId'), 'app');
  });

  test('a version can be pinned on the method and through call()', async () => {
    await client.GetRecordTask({ AppId: 'app', RoomId: 'r', TaskId: 't' }, { version: '2022-06-01' });
    await client.call('GetRecordTask', { AppId: 'app', RoomId: 'r', TaskId: 't' }, { version: '2020-12-01' });
    assert.deepEqual(
      server.requests.map((r) => r.query.get('Version')),
      ['2022-06-01', '2020-12-01'],
    );
  });

  test('the User-Agent names the package and its version, which matches package.json', async () => {
    await client.GetRecordTask({ AppId: 'app', RoomId: 'r', TaskId: 't' });
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(clientVersion, pkg.version);
    assert.match(server.requests[0]!.headers['user-agent']!, new RegExp(`^rtc-openapi-client/${pkg.version} `));
  });

  test('every catalogued action is a method', () => {
    assert.equal(typeof client.SendUnicast, 'function');
    assert.equal(typeof client.StartVoiceChat, 'function');
    assert.equal(client.ListApps.name, 'ListApps');
  });

  test('sockets are reused across calls (keep-alive)', async () => {
    for (let i = 0; i < 10; i++) await client.GetRecordTask({ AppId: 'app', RoomId: 'r', TaskId: 't' });
    const connections = new Set(server.requests.map((r) => r.remotePort));
    // undici may spread sequential calls over a couple of pooled sockets, but does not open one per call.
    assert.ok(connections.size <= 3, `${connections.size} connections for 10 calls`);
  });
});

describe('RtcClient local validation', () => {
  let server: LocalServer;
  let client: RtcClient;
  before(async () => {
    server = await startLocalServer();
    client = new RtcClient({ ...credentials, endpoint: server.url, throttle: false });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('a missing required field throws RtcValidationError naming it, and nothing is sent', async () => {
    await assert.rejects(client.call('GetRecordTask', { AppId: 'app', RoomId: 'r' } as never), (error: unknown) => {
      assert.ok(error instanceof RtcValidationError);
      assert.equal(error.field, 'TaskId');
      assert.equal(error.kind, 'RTC_ERR_VALIDATION');
      return true;
    });
    assert.equal(server.requests.length, 0);
  });

  test('an ID breaking the ID rule is refused before sending', async () => {
    await assert.rejects(client.GetRecordTask({ AppId: 'app', RoomId: 'room with spaces', TaskId: 't' }), {
      name: 'RtcValidationError',
      field: 'RoomId',
    });
    await assert.rejects(client.GetRecordTask({ AppId: 'app', RoomId: 'r'.repeat(129), TaskId: 't' }), {
      field: 'RoomId',
    });
    assert.equal(server.requests.length, 0);
  });

  test('unknown actions and versions are named', async () => {
    await assert.rejects(client.call('NoSuchAction', {}), { name: 'RtcValidationError', field: 'action' });
    await assert.rejects(
      client.call('GetRecordTask', {} as never, { version: '1999-01-01' as never }),
      (error: unknown) => {
        assert.ok(error instanceof RtcValidationError);
        assert.equal(error.field, 'version');
        assert.match(error.message, /2023-11-01/);
        return true;
      },
    );
    await assert.rejects(client.call('GetRecordTask', [] as never), { field: 'params' });
    await assert.rejects(client.call('GetRecordTask', { AppId: 'a', RoomId: 'r', TaskId: 't' }, { timeoutMs: -1 }), {
      field: 'timeoutMs',
    });
    assert.equal(server.requests.length, 0);
  });
});

describe('RtcClient options', () => {
  test('credentials fall back to VOLC_ACCESSKEY / VOLC_SECRETKEY, read when the client is made', async () => {
    const server = await startLocalServer();
    const saved = { ak: process.env.VOLC_ACCESSKEY, sk: process.env.VOLC_SECRETKEY };
    try {
      process.env.VOLC_ACCESSKEY = 'AKenv';
      process.env.VOLC_SECRETKEY = 'env-secret';
      const client = new RtcClient({ endpoint: server.url, throttle: false });
      await client.GetRecordTask({ AppId: 'a', RoomId: 'r', TaskId: 't' });
      assert.match(server.requests[0]!.headers.authorization!, /Credential=AKenv\//);
      await client.close();
      delete process.env.VOLC_ACCESSKEY;
      assert.throws(() => new RtcClient({ endpoint: server.url }), { field: 'accessKeyId' });
    } finally {
      restore('VOLC_ACCESSKEY', saved.ak);
      restore('VOLC_SECRETKEY', saved.sk);
      await server.close();
    }
  });

  test('bad options name the field', () => {
    assert.throws(() => new RtcClient({ ...credentials, endpoint: 'not a url' }), { field: 'endpoint' });
    assert.throws(() => new RtcClient({ ...credentials, endpoint: 'ftp://x' }), { field: 'endpoint' });
    assert.throws(() => new RtcClient({ ...credentials, timeoutMs: 0 }), { field: 'timeoutMs' });
    assert.throws(() => new RtcClient({ ...credentials, retry: { maxAttempts: 0 } }), { field: 'retry.maxAttempts' });
    assert.throws(() => new RtcClient({ accessKeyId: 'AK' }), { field: 'secretAccessKey' });
  });

  test('credentials and a region the signer would refuse are refused when the client is made, naming the field', () => {
    const refused = (options: RtcClientOptions, field: string, secret?: string) =>
      assert.throws(
        () => new RtcClient({ ...credentials, throttle: false, ...options }),
        (error: unknown) =>
          error instanceof RtcValidationError &&
          error.field === field &&
          error.message.startsWith(`${field} `) &&
          (secret === undefined || !error.message.includes(secret)),
      );
    refused({ accessKeyId: 'AK/LT' }, 'accessKeyId');
    refused({ accessKeyId: 'AK LT' }, 'accessKeyId');
    refused({ accessKeyId: 'AK,LT' }, 'accessKeyId');
    refused({ region: 'cn north 1' }, 'region');
    refused({ region: 'cn/north' }, 'region');
    refused({ sessionToken: 'sts\ntoken' }, 'sessionToken', 'sts');
    refused({ sessionToken: 'sts\rtoken' }, 'sessionToken', 'sts');
  });

  test('the defaults are the China endpoint and region', () => {
    const client = new RtcClient(credentials);
    assert.equal(client.endpoint, 'https://rtc.volcengineapi.com');
    assert.equal(client.region, 'cn-north-1');
    return client.close();
  });

  test('a session token is sent and signed', async () => {
    const server = await startLocalServer();
    const client = new RtcClient({ ...credentials, sessionToken: 'sts-token', endpoint: server.url, throttle: false });
    try {
      await client.GetRecordTask({ AppId: 'a', RoomId: 'r', TaskId: 't' });
      const headers = server.requests[0]!.headers;
      assert.equal(headers['x-security-token'], 'sts-token');
      assert.match(headers.authorization!, /SignedHeaders=[^,]*x-security-token/);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
