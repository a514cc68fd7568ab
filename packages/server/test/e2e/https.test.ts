import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { RtcClient } from '@rtc-openapi/client';
import { startServer, type RunningServer } from './e2e-server.js';

/** A throwaway self-signed certificate for 127.0.0.1, made with openssl at test time. */
function selfSignedCertificate(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('HTTPS', () => {
  let running: RunningServer;
  let cert: Buffer;
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
