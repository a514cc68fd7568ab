import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { RoomClient, RoomClientError, type RoomClientEvents } from '@rtc-openapi/room-client';
import { APP_ID, startHarness, type Harness } from '../../server/test/rooms/rooms-harness.js';

/** Resolves with the next `event` the client emits (fails the test after a few seconds). */
function next<K extends keyof RoomClientEvents>(
  client: RoomClient,
  event: K,
  match: (e: RoomClientEvents[K]) => boolean = () => true,
): Promise<RoomClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(event)} event`)), 4000);
    const listener = (e: RoomClientEvents[K]) => {
      if (!match(e)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(e);
    };
    client.on(event, listener);
  });
}

describe('RoomClient against a real server', () => {
  let h: Harness;
  const clients: RoomClient[] = [];
  before(async () => {
    h = await startHarness({ presenceOptions: { heartbeatTimeoutMs: 86_400_000 } });
  });
  after(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  const client = (): RoomClient => {
    const c = new RoomClient({ url: h.url, WebSocket });
    clients.push(c);
    return c;
  };
  const joined = async (roomId: string, userId: string, extra: { visible?: boolean; token?: string } = {}) => {
    const c = client();
    const room = await c.join({
      appId: APP_ID,
      roomId,
      userId,
      token: extra.token ?? h.token(roomId, userId),
      ...extra,
    });
    return { c, room };
  };

  it('refuses a url that is not ws:// or wss://', () => {
    assert.throws(
      () => new RoomClient({ url: 'http://x', WebSocket }),
      (e: unknown) => e instanceof RoomClientError && e.details.field === 'url' && /ws:\/\//.test(e.message),
    );
  });

  it('needs a WebSocket class when there is no global one (Node 20) and says so', () => {
    // Node 22+ has a global WebSocket: hide it for this check, so the test runs (and can fail) on every Node.
    const g = globalThis as { WebSocket?: unknown };
    const saved = Object.getOwnPropertyDescriptor(g, 'WebSocket');
    delete g.WebSocket;
    try {
      assert.equal(g.WebSocket, undefined);
      assert.throws(
        () => new RoomClient({ url: h.url }),
        (e: unknown) => e instanceof RoomClientError && e.details.field === 'WebSocket',
      );
    } finally {
      if (saved) Object.defineProperty(g, 'WebSocket', saved);
    }
  });

  it('joins, publishes, subscribes and sees others come, publish and go', async () => {
    const { c: alice, room } = await joined('rc', 'alice');
    assert.equal(room.resumed, false);
    assert.deepEqual(room.users, []);
    await alice.publish('main', { audio: true, video: true });
    const bobJoins = next(alice, 'userJoined');
    const { c: bob, room: bobRoom } = await joined('rc', 'bob');
    assert.deepEqual(bobRoom.users, [
      { userId: 'alice', streams: [{ stream: 'main', audio: true, video: true, data: false }] },
    ]);
    assert.equal((await bobJoins).userId, 'bob');
    await bob.subscribe('alice', 'main');
    const published = next(alice, 'streamPublished');
    await bob.publish('screen', { video: true });
    assert.equal((await published).stream, 'screen');
    assert.deepEqual(alice.users.get('bob')?.streams, [{ stream: 'screen', audio: false, video: true, data: false }]);
    const left = next(alice, 'userLeft');
    await bob.leave();
    assert.equal((await left).userId, 'bob');
    assert.equal(alice.users.has('bob'), false);
  });

  it('sends and receives text and binary messages', async () => {
    const { c: a } = await joined('msg', 'a');
    const { c: b } = await joined('msg', 'b');
    const text = next(b, 'message');
    await a.sendMessage('hello', { to: 'b' });
    assert.deepEqual(await text, { from: 'a', kind: 'user', text: 'hello' });
    const bytes = next(a, 'message');
    await b.sendMessage(new Uint8Array([0, 1, 254, 255]));
    const got = await bytes;
    assert.equal(got.kind, 'room');
    assert.deepEqual([...got.data!], [0, 1, 254, 255]);
    const fromServer = next(a, 'message', (m) => m.kind === 'broadcast');
    await h.call('SendBroadcast', { AppId: APP_ID, RoomId: 'msg', From: 'server', Binary: false, Message: 'all' });
    assert.equal((await fromServer).text, 'all');
    await assert.rejects(
      a.sendMessage('x', { to: 'nobody' }),
      (e: unknown) => e instanceof RoomClientError && e.code === 'UserNotInRoom',
    );
  });

  it('reports kicked (-1006) and room dismissed (-1011), and a refused rejoin while banned', async () => {
    const { c: victim } = await joined('kick', 'victim');
    const kicked = next(victim, 'kicked');
    const gone = next(victim, 'disconnected');
    await h.call('BanRoomUser', { AppId: APP_ID, RoomId: 'kick', UserId: 'victim', ForbiddenInterval: 60 });
    assert.equal((await kicked).code, -1006);
    assert.equal((await gone).code, 4006);
    assert.equal(victim.state, 'closed');
    await assert.rejects(
      client().join({ appId: APP_ID, roomId: 'kick', userId: 'victim', token: h.token('kick', 'victim') }),
      (e: unknown) => e instanceof RoomClientError && e.code === 'Banned' && typeof e.details.until === 'string',
    );

    const { c: member } = await joined('dismiss', 'member');
    const dismissed = next(member, 'roomDismissed');
    await h.call('DismissRoom', { AppId: APP_ID, RoomId: 'dismiss' }, '2020-12-01');
    assert.equal((await dismissed).code, -1011);
  });

  it('reports stream bans, privilege limits and refusals to publish', async () => {
    const token = h.token('ban', 'host');
    const { c: host } = await joined('ban', 'host', { token });
    await host.publish('main', { audio: true, video: true });
    const banned = next(host, 'streamBanned');
    await h.call('BanUserStream', { AppId: APP_ID, RoomId: 'ban', UserId: 'host', Audio: true });
    assert.deepEqual(await banned, { userId: 'host', media: 'audio' });
    await assert.rejects(
      host.publish('main', { audio: true }),
      (e: unknown) => e instanceof RoomClientError && e.code === 'StreamBanned',
    );
    const unbanned = next(host, 'streamUnbanned');
    await h.call('UnbanUserStream', { AppId: APP_ID, RoomId: 'ban', UserId: 'host', Audio: true });
    assert.deepEqual(await unbanned, { userId: 'host', media: 'audio' });
    const limited = next(host, 'privilegesLimited');
    await h.call('LimitTokenPrivilege', {
      AppId: APP_ID,
      RoomId: 'ban',
      UserId: 'host',
      Token: token,
      ForbiddenInterval: 60,
    });
    assert.deepEqual((await limited).privileges, ['publish']);
    await assert.rejects(
      host.publish('main', { audio: true }),
      (e: unknown) => e instanceof RoomClientError && e.code === 'PrivilegeLimited',
    );
  });

  it('warns before the token expires, renews it, and resumes after a reconnect', async () => {
    const nowS = Math.floor(h.now() / 1000);
    const { c: me, room } = await joined('renew', 'me', { token: h.token('renew', 'me', { expireAt: nowS + 45 }) });
    assert.equal(room.tokenExpireAt, nowS + 45);
    await me.publish('main', { audio: true });
    const warning = next(me, 'tokenWillExpire');
    h.advance(20_000);
    assert.equal((await warning).expireAt, nowS + 45);
    assert.deepEqual(await me.renewToken(h.token('renew', 'me', { expireAt: nowS + 3600 })), { expireAt: nowS + 3600 });
    const again = await me.reconnect();
    assert.equal(again.resumed, true);
    assert.deepEqual(again.streams, [{ stream: 'main', audio: true, video: false, data: false }]);
    assert.equal(again.tokenExpireAt, nowS + 3600);
    await assert.rejects(
      client().join({ appId: APP_ID, roomId: 'renew', userId: 'x', token: h.token('renew', 'me') }),
      (e: unknown) => e instanceof RoomClientError && e.code === 'InvalidToken' && e.clientCode === -1000,
    );
  });
});
