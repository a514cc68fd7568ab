import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RtcClient } from '@rtc-openapi/client';
import { newDataDir, startServer } from './e2e-server.js';

describe('a restart on the same data directory', () => {
  it('keeps accounts, keys and apps, and seeds the dev account only once', async () => {
    const dataDir = newDataDir();
    const first = await startServer({ dataDir, dev: true });
    const dev = first.server.devCredentials!;
    const clientOf = (url: string) =>
      new RtcClient({
        endpoint: url,
        accessKeyId: dev.accessKeyId,
        secretAccessKey: dev.secretAccessKey,
        throttle: false,
        retry: false,
      });
    const before = clientOf(first.url);
    const created = (await before.call('CreateApp', { AppName: 'survives' })) as { AppId: string };
    await before.close();
    await first.close();

    const second = await startServer({ dataDir, dev: true });
    try {
      assert.deepEqual(second.server.devCredentials, dev);
      const after = clientOf(second.url);
      const listed = (await after.call('ListApps', {})) as {
        AppList: { AppId: string; AppName: string }[];
        Total: number;
      };
      await after.close();
      assert.deepEqual(listed.AppList.map((a) => a.AppId).sort(), [created.AppId, dev.appId].sort());
      assert.equal(listed.Total, 2);
    } finally {
      await second.close();
      second.removeData();
    }
  });
});
