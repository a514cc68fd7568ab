import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccessToken, RtcApiError, RtcClient, verifyCallback } from '@rtc-openapi/client';
import { createRtcServer, type RtcServer } from '../../src/server.js';
import { TestClient } from './rooms-harness.js';

/**
 * The whole way through: signed OpenAPI calls from the client package to the real server (gateway, identity, apps,
 * rooms on SQLite), presence clients on the same port, callbacks to a real receiver.
 */
describe('rooms through the full server', () => {
  let dir: string;
  let server: RtcServer;
  let api: RtcClient;
  let appId: string;
  let appKey: string;
  let receiver: Server;
  let receiverUrl: string;
  const events: Record<string, string>[] = [];
  const sockets: TestClient[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rooms-e2e-'));
    server = createRtcServer({ dataDir: dir, dev: true, logLevel: 'silent' });
    await server.listen();
    const creds = server.devCredentials!;
    appId = creds.appId;
    appKey = creds.appKey;
    api = new RtcClient({
      endpoint: server.url,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      retry: false,
      throttle: false,
    });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        events.push(JSON.parse(Buffer.concat(chunks).toString()) as Record<string, string>);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    for (const s of sockets) s.ws.terminate();
    await api.close();
    await server.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const enter = async (roomId: string, userId: string): Promise<TestClient> => {
    const c = await TestClient.connect(`${server.url.replace('http', 'ws')}/rtc/presence`);
    sockets.push(c);
    const token = new AccessToken({ appId, roomId, userId })
      .addPrivilege('PublishStream')
      .addPrivilege('SubscribeStream');
    const joined = await c.request({ type: 'join', v: 1, appId, roomId, userId, token: token.serialize(appKey) });
    assert.equal(joined.type, 'joined', JSON.stringify(joined));
    return c;
  };

  it('configures callbacks, sees live users, messages and kicks them, and reports the sessions', async () => {
    const created = await api.call(
      'CreateCallback',
      {
        AppID: appId,
        BusinessId: 'e2e',
        EventList: ['UserJoinRoom', 'UserLeaveRoom'],
        SecretKey: 'e2e-secret',
        URL: receiverUrl,
      },
      { version: '2020-12-01' },
    );
    assert.equal(created, 'ok');
    const started = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

    const alice = await enter('e2e-room', 'alice');
    await enter('e2e-room', 'bob');
    const online = await api.call('GetRoomOnlineUsers', { AppId: appId, RoomId: 'e2e-room' });
    assert.equal(online.RoomExists, true);
    assert.deepEqual([...(online.VisibleUserList ?? [])].sort(), ['alice', 'bob']);

    await api.call('SendRoomUnicast', {
      AppId: appId,
      RoomId: 'e2e-room',
      From: 'backend',
      To: 'alice',
      Binary: false,
      Message: 'hi',
    });
    assert.equal((await alice.nextOfType('message')).text, 'hi');
    await assert.rejects(
      api.call('SendRoomUnicast', {
        AppId: appId,
        RoomId: 'e2e-room',
        From: 'backend',
        To: 'carol',
        Binary: false,
        Message: 'hi',
      }),
      (e: unknown) => e instanceof RtcApiError && e.code === 'InvalidParameter.IllegalTo',
    );

    const kicked = await api.call(
      'KickUser',
      { AppId: appId, RoomId: 'e2e-room', UserId: 'alice' },
      { version: '2020-12-01' },
    );
    assert.deepEqual(kicked, { message: 'success' });
    assert.equal((await alice.nextOfType('kicked')).code, -1006);
    assert.equal((await alice.waitClosed()).code, 4006);

    const users = await api.call('ListUserInfo', {
      AppId: appId,
      StartTime: started,
      EndTime: new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      RoomId: 'e2e-room',
    });
    const byUser = new Map((users.UserList ?? []).map((u) => [u.UserId, u]));
    assert.equal(byUser.get('alice')?.Finished, true);
    assert.equal(byUser.get('bob')?.Finished, false);

    const deadline = Date.now() + 5000;
    while (events.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      events.map((e) => e.EventType),
      ['UserJoinRoom', 'UserJoinRoom', 'UserLeaveRoom'],
    );
    for (const e of events) assert.equal(verifyCallback(e, 'e2e-secret'), true);
  });
});
