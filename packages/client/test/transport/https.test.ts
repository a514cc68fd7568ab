import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { RtcClient, RtcNetworkError } from '@rtc-openapi/client';
import { selfSignedCertificate, startLocalServer, type LocalServer } from '../support/local-server.js';

const credentials = { accessKeyId: 'AKLThttps', secretAccessKey: 'https-secret' };
const params = { AppId: 'app', RoomId: 'room', TaskId: 'task' };

describe('HTTPS', () => {
  let server: LocalServer;
  let cert: string;
  before(async () => {
    const tls = selfSignedCertificate();
    cert = tls.cert;
    server = await startLocalServer(undefined, tls);
  });
  after(() => server.close());

  test('calls go over TLS to a server whose certificate the caller trusts', async () => {
    const dispatcher = new Agent({ connect: { ca: cert } });
    const client = new RtcClient({ ...credentials, endpoint: server.url, dispatcher, throttle: false });
    try {
      assert.deepEqual(await client.GetRecordTask(params), { Message: 'success' });
      assert.deepEqual(await client.GetRecordTask(params), { Message: 'success' });
      assert.equal(server.requests.length, 2);
      assert.match(server.requests[0]!.headers.authorization!, /^HMAC-SHA256 Credential=AKLThttps\//);
      assert.equal(server.requests[0]!.headers.host, new URL(server.url).host);
    } finally {
      await client.close();
      await dispatcher.close();
    }
  });

  test('an untrusted certificate is a network error and nothing reaches the server', async () => {
    const before = server.requests.length;
    const client = new RtcClient({ ...credentials, endpoint: server.url, throttle: false, retry: false });
    try {
      await assert.rejects(client.GetRecordTask(params), (error: unknown) => {
        assert.ok(error instanceof RtcNetworkError);
        assert.match(error.causeCode ?? '', /SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/);
        return true;
      });
      assert.equal(server.requests.length, before);
    } finally {
      await client.close();
    }
  });
});
