import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { RtcClient } from '@rtc-openapi/client';
// The client's tests make their TLS certificate the same way; one openssl recipe serves both.
import { selfSignedCertificate } from '../../../client/test/support/local-server.js';
import { startServer, type RunningServer } from './e2e-server.js';

describe('HTTPS', () => {
  let running: RunningServer;
  let cert: string;
  before(async () => {
    const tls = selfSignedCertificate();
    cert = tls.cert;
    running = await startServer({ dev: true, tls });
  });
  after(async () => {
    await running.close();
    running.removeData();
  });

  it('serves the API over TLS to a client that trusts the certificate', async () => {
    assert.match(running.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const dev = running.server.devCredentials!;
    const dispatcher = new Agent({ connect: { ca: cert } });
    const client = new RtcClient({
      endpoint: running.url,
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      dispatcher,
      throttle: false,
      retry: false,
    });
    try {
      const listed = (await client.call('ListApps', {})) as { AppList: { AppId: string }[] };
      assert.ok(listed.AppList.some((a) => a.AppId === dev.appId));
    } finally {
      await client.close();
      await dispatcher.close();
    }
  });

  it('refuses a client that does not trust it (no plain-HTTP fallback)', async () => {
    await assert.rejects(fetch(`${running.url}/healthz`));
    await assert.rejects(fetch(`${running.url.replace('https:', 'http:')}/healthz`));
  });
});
