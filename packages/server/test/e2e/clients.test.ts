// Two real clients aimed at the whole server: the official @volcengine/openapi SDK and our RtcClient.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { RtcClient } from '@rtc-openapi/client';
import { RtcApiError } from '@rtc-openapi/client';
import type { DevCredentials } from '../../src/app.js';
import { startDevSession, startServer, type DevSession, type RunningServer } from './e2e-server.js';

interface SdkEnvelope {
  ResponseMetadata: { RequestId: string; Action: string; Version: string; Error?: { Code: string; CodeN?: number } };
  Result?: Record<string, unknown>;
}
type SdkApi = (data: Record<string, unknown>) => Promise<SdkEnvelope>;
interface SdkService {
  createAPI(
    action: string,
    options: { method: string; contentType?: string; Version: string; queryKeys?: string[] },
  ): SdkApi;
  GetRecordTask: SdkApi;
}

const require = createRequire(import.meta.url);
const { rtcOpenapi } = require('@volcengine/openapi') as {
  rtcOpenapi: { RtcService: new (options: Record<string, string>) => SdkService };
};

describe('official @volcengine/openapi SDK against the server', () => {
  let running: RunningServer;
  let dev: DevCredentials;
  let sdk: SdkService;
  before(async () => {
    running = await startServer({ dev: true });
    dev = running.server.devCredentials!;
    const { host, protocol } = new URL(running.url);
    sdk = new rtcOpenapi.RtcService({ host, protocol, accessKeyId: dev.accessKeyId, secretKey: dev.secretAccessKey });
  });
  after(async () => {
    await running.close();
    running.removeData();
  });

  it('lists the dev app with ListApps (POST JSON, both versions)', async () => {
    for (const Version of ['2023-11-01', '2020-12-01']) {
      const listApps = sdk.createAPI('ListApps', { method: 'POST', contentType: 'json', Version });
      const response = await listApps({});
      assert.equal(response.ResponseMetadata.Error, undefined, JSON.stringify(response));
      assert.equal(response.ResponseMetadata.Version, Version);
      const apps = (response.Result as { AppList: { AppId: string }[] }).AppList;
      assert.ok(
        apps.some((app) => app.AppId === dev.appId),
        JSON.stringify(apps),
      );
    }
  });

  it('creates an app with CreateApp and then finds it', async () => {
    const createApp = sdk.createAPI('CreateApp', { method: 'POST', contentType: 'json', Version: '2023-11-01' });
    const created = await createApp({ AppName: 'sdk-made' });
    assert.equal(created.ResponseMetadata.Error, undefined, JSON.stringify(created));
    const appId = (created.Result as { AppId: string }).AppId;
    assert.match(appId, /^[0-9a-f]{24}$/);
    const listApps = sdk.createAPI('ListApps', { method: 'POST', contentType: 'json', Version: '2023-11-01' });
    const listed = await listApps({ AppId: appId });
    assert.deepEqual(
      (listed.Result as { AppList: { AppId: string }[] }).AppList.map((a) => a.AppId),
      [appId],
    );
  });

  it('passes authentication with a GET signed the SDK way (no X-Content-Sha256, host unsigned)', async () => {
    const response = await sdk.GetRecordTask({ AppId: dev.appId, RoomId: 'room-1', TaskId: 'task-1' });
    // Past authentication: the recording provider answers that no such task exists.
    assert.equal(response.ResponseMetadata.Error?.Code, 'InvalidParameter.ErrorActiveTaskNotFound');
  });

  it('gets the documented error envelope for a bad secret', async () => {
    const { host, protocol } = new URL(running.url);
    const wrong = new rtcOpenapi.RtcService({
      host,
      protocol,
      accessKeyId: dev.accessKeyId,
      secretKey: 'not-the-secret',
    });
    const response = await wrong.createAPI('ListApps', { method: 'POST', contentType: 'json', Version: '2023-11-01' })(
      {},
    );
    assert.deepEqual(
      [response.ResponseMetadata.Error?.Code, response.ResponseMetadata.Error?.CodeN],
      ['SignatureDoesNotMatch', 100010],
    );
  });
});

describe('@rtc-openapi/client RtcClient against the server', () => {
  let client: RtcClient;
  let dev: DevCredentials;
  let session: DevSession;
  before(async () => {
    session = await startDevSession();
    ({ dev, client } = session);
  });
  after(() => session.stop());

  it('calls ListApps and CreateApp', async () => {
    const created = (await client.call('CreateApp', { AppName: 'client-made' })) as { AppId: string };
    const listed = (await client.call('ListApps', {})) as { AppList: { AppId: string }[]; Total: number };
    const ids = listed.AppList.map((a) => a.AppId);
    assert.ok(ids.includes(dev.appId));
    assert.ok(ids.includes(created.AppId));
  });

  it('surfaces server errors as RtcApiError with the code, status and request id', async () => {
    await assert.rejects(
      client.call('ModifyAppStatus', { AppId: 'ffffffffffffffffffffffff', Status: 1 }),
      (error: unknown) =>
        error instanceof RtcApiError &&
        error.code === 'InvalidParameter.NotExistAppId' &&
        error.httpStatus === 404 &&
        error.requestId.length > 0,
    );
  });
});
