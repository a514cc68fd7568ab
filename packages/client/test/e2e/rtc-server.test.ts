// The client against the real server of this repository (tests may use both; the client never imports the server).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRtcServer, type RtcServer } from '@rtc-openapi/server';
import { RtcApiError, RtcClient, type RetryEvent } from '@rtc-openapi/client';

describe('RtcClient against the rtc-openapi server', () => {
  let server: RtcServer;
  let dataDir: string;
  let client: RtcClient;
  let dev: NonNullable<RtcServer['devCredentials']>;
  const retries: RetryEvent[] = [];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rtc-client-e2e-'));
    server = createRtcServer({ dataDir, dev: true, logLevel: 'silent' });
    const endpoint = await server.listen();
    dev = server.devCredentials!;
    client = new RtcClient({
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      endpoint,
      hooks: { onRetry: (event) => retries.push(event) },
    });
  });
  after(async () => {
    await client.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('ListApps returns the dev app, through the typed method and the paginator', async () => {
    const result = await client.ListApps();
    assert.ok(result.AppList?.some((app) => app.AppId === dev.appId));
    const ids: string[] = [];
    for await (const app of client.paginate('ListApps', { Limit: '1' })) ids.push(app.AppId ?? '');
    assert.ok(ids.includes(dev.appId));
  });

  test('a wrong secret: SignatureDoesNotMatch from the server, with the canonical request the client signed', async () => {
    const wrong = new RtcClient({
      accessKeyId: dev.accessKeyId,
      secretAccessKey: 'not-the-secret',
      endpoint: server.url,
      throttle: false,
    });
    try {
      await assert.rejects(wrong.ListApps(), (error: unknown) => {
        assert.ok(error instanceof RtcApiError);
        assert.equal(error.code, 'SignatureDoesNotMatch');
        assert.equal(error.httpStatus, 401);
        assert.ok(error.requestId.length > 0);
        assert.match(error.canonicalRequest!, /^POST\n\/\nAction=ListApps&Version=2023-11-01\n/);
        assert.ok(!error.message.includes('not-the-secret'));
        return true;
      });
    } finally {
      await wrong.close();
    }
  });

  test("the server's own validation errors arrive as RtcApiError, not retried", async () => {
    retries.length = 0;
    await assert.rejects(
      client.ListRoomInfo({ AppId: dev.appId, StartTime: 'yesterday', EndTime: 'today' } as never),
      (error: unknown) => {
        assert.ok(error instanceof RtcApiError);
        assert.match(error.code, /^InvalidParameter/);
        assert.equal(error.httpStatus, 400);
        return true;
      },
    );
    assert.equal(retries.length, 0);
  });
});
