import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { AccessToken } from '@rtc-openapi/client';
import { APP_ID, APP_KEY, startHarness, type Harness } from './rooms-harness.js';

describe('presence over WebSocket', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('joins with a valid token, sees the others and their streams, and is seen', async () => {
    const alice = await h.connect();
    const joined = await alice.join({ roomId: 'lobby', userId: 'alice', token: h.token('lobby', 'alice') });
    assert.equal(joined.type, 'joined');
    assert.deepEqual(joined.users, []);
    assert.equal((await alice.request({ type: 'publish', stream: 'main', audio: true, video: true })).type, 'ack');

    const bob = await h.connect();
    const bobJoined = await bob.join({ roomId: 'lobby', userId: 'bob', token: h.token('lobby', 'bob') });
    assert.deepEqual(bobJoined.users, [
      { userId: 'alice', streams: [{ stream: 'main', audio: true, video: true, data: false }] },
    ]);
    await alice.nextOfType('userJoined', { userId: 'bob' });

    await bob.request({ type: 'publish', stream: 'screen', video: true });
    const published = await alice.nextOfType('streamPublished', { userId: 'bob' });
    assert.equal(published.stream, 'screen');
    assert.equal(published.video, true);

    await bob.request({ type: 'leave' });
    await alice.nextOfType('streamUnpublished', { userId: 'bob' });
    await alice.nextOfType('userLeft', { userId: 'bob' });
    assert.equal((await bob.waitClosed()).code, 1000);
  });

  it('refuses a token of another user, room or key, and an expired one, with error frames', async () => {
    const cases = [
      { token: h.token('lobby', 'eve'), userId: 'mallory', code: 'InvalidToken' },
      { token: h.token('elsewhere', 'mallory'), userId: 'mallory', code: 'InvalidToken' },
      { token: h.token('lobby', 'mallory', { appKey: 'not-the-key' }), userId: 'mallory', code: 'InvalidToken' },
      {
        token: h.token('lobby', 'mallory', { expireAt: Math.floor(h.now() / 1000) - 5 }),
        userId: 'mallory',
        code: 'TokenExpired',
      },
    ];
    for (const c of cases) {
      const m = await h.connect();
      const answer = await m.join({ roomId: 'lobby', userId: c.userId, token: c.token });
      assert.equal(answer.type, 'error');
      assert.equal(answer.code, c.code);
      assert.equal(answer.clientCode, -1000);
      assert.ok(!String(answer.message).includes(c.token));
      assert.equal((await m.waitClosed()).code, 4000);
    }
    const online = (await h.call('GetRoomOnlineUsers', { AppId: '661e1234567890abcdef543c', RoomId: 'lobby' })) as {
      VisibleUserList: string[];
    };
    assert.deepEqual(online.VisibleUserList, ['alice']);
  });

  it('answers malformed frames with an error frame naming the problem and keeps the connection', async () => {
    const c = await h.connect();
    c.sendRaw('not json');
    assert.equal((await c.nextOfType('error', { code: 'MalformedFrame' })).message, 'a frame must be one JSON object');
    const noVersion = await c.request({ type: 'join', appId: 'x', roomId: 'r', userId: 'u', token: 't' });
    assert.match(String(noVersion.message), /v \(the protocol version\) is required/);
    const badVersion = await c.request({ type: 'join', v: 2, appId: 'x', roomId: 'r', userId: 'u', token: 't' });
    assert.equal(badVersion.code, 'UnsupportedVersion');
    const badRoom = await c.request({ type: 'join', v: 1, appId: 'x', roomId: 'bad room', userId: 'u', token: 't' });
    assert.match(String(badRoom.message), /roomId/);
    assert.equal((await c.request({ type: 'dance' })).code, 'UnknownFrameType');
    assert.equal((await c.request({ type: 'publish', stream: 'main', audio: true })).code, 'NotJoined');
    assert.equal((await c.request({ type: 'publish', stream: 'side' })).code, 'MalformedFrame');
    assert.equal((await c.request({ type: 'ping' })).type, 'pong');
    assert.equal(c.closed, undefined);
  });

  it('refuses binary WebSocket frames and upgrades on other paths', async () => {
    const c = await h.connect();
    c.ws.send(Buffer.from([1, 2, 3]));
    assert.match(String((await c.nextOfType('error', { code: 'MalformedFrame' })).message), /binary frames/);
    const other = new WebSocket(h.url.replace('/rtc/presence', '/elsewhere'));
    const status = await new Promise<number>((resolve) => {
      other.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      other.on('error', () => resolve(-1));
    });
    assert.equal(status, 404);
  });

  it('keeps invisible users out of the visible list and does not announce them', async () => {
    const host = await h.connect();
    await host.join({ roomId: 'stage', userId: 'host', token: h.token('stage', 'host') });
    const ghost = await h.connect();
    await ghost.join({ roomId: 'stage', userId: 'ghost', token: h.token('stage', 'ghost'), visible: false });
    const refused = await ghost.request({ type: 'publish', stream: 'main', audio: true });
    assert.equal(refused.code, 'InvisibleCannotPublish');
    const online = (await h.call('GetRoomOnlineUsers', {
      AppId: '661e1234567890abcdef543c',
      RoomId: 'stage',
    })) as Record<string, unknown>;
    assert.deepEqual(online, {
      RoomExists: true,
      TotalUser: 2,
      TotalInvisibleUser: 1,
      VisibleUserList: ['host'],
      InvisibleUserList: ['ghost'],
    });
    assert.ok(!host.frames.some((f) => f.userId === 'ghost'));
    // Turning visible announces the user.
    await ghost.request({ type: 'setVisible', visible: true });
    await host.nextOfType('userJoined', { userId: 'ghost' });
  });

  it('refuses publishing without the privilege and subscribing without the privilege', async () => {
    const viewer = await h.connect();
    await viewer.join({ roomId: 'p', userId: 'viewer', token: h.token('p', 'viewer', { publish: false }) });
    const pub = await viewer.request({ type: 'publish', stream: 'main', video: true });
    assert.equal(pub.code, 'NoPrivilege');
    const lurker = await h.connect();
    await lurker.join({ roomId: 'p', userId: 'lurker', token: h.token('p', 'lurker', { subscribe: false }) });
    assert.equal((await lurker.request({ type: 'subscribe', userId: 'viewer', stream: 'main' })).code, 'NoPrivilege');
    assert.equal((await viewer.request({ type: 'subscribe', userId: 'lurker', stream: 'main' })).type, 'ack');
  });

  it('relays text and binary messages between users', async () => {
    const a = await h.connect();
    await a.join({ roomId: 'chat', userId: 'a', token: h.token('chat', 'a') });
    const b = await h.connect();
    await b.join({ roomId: 'chat', userId: 'b', token: h.token('chat', 'b') });
    await a.request({ type: 'send', to: 'b', text: 'hi b' });
    assert.equal((await b.nextOfType('message', { kind: 'user' })).text, 'hi b');
    const bytes = Buffer.from([0, 1, 2, 255]).toString('base64');
    await b.request({ type: 'send', binary: bytes });
    const got = await a.nextOfType('message', { kind: 'room' });
    assert.equal(got.binary, bytes);
    assert.equal(got.from, 'b');
    assert.equal((await a.request({ type: 'send', to: 'nobody', text: 'x' })).code, 'UserNotInRoom');
  });

  it('resumes a session on reconnect with the same token, without leave or join events', async () => {
    const watcher = await h.connect();
    await watcher.join({ roomId: 'resume', userId: 'watcher', token: h.token('resume', 'watcher') });
    const token = h.token('resume', 'flaky');
    const first = await h.connect();
    await first.join({ roomId: 'resume', userId: 'flaky', token });
    await first.request({ type: 'publish', stream: 'main', audio: true });
    await watcher.nextOfType('streamPublished', { userId: 'flaky' });
    first.ws.terminate();
    const second = await h.connect();
    const joined = await second.join({ roomId: 'resume', userId: 'flaky', token });
    assert.equal(joined.resumed, true);
    assert.deepEqual(joined.streams, [{ stream: 'main', audio: true, video: false, data: false }]);
    assert.equal(watcher.frames.filter((f) => f.type === 'userLeft' && f.userId === 'flaky').length, 0);
    await second.request({ type: 'leave' });
    await watcher.nextOfType('userLeft', { userId: 'flaky' });
  });
});

describe('heartbeats', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ presenceOptions: { heartbeatTimeoutMs: 600, sweepIntervalMs: 50 } });
  });
  after(() => h.close());

  it('removes a member whose connection went silent past the heartbeat timeout', async () => {
    const watcher = await h.connect();
    await watcher.join({ roomId: 'hb', userId: 'watcher', token: h.token('hb', 'watcher') });
    const keep = setInterval(() => watcher.sendRaw(JSON.stringify({ type: 'ping' })), 100);
    try {
      const silent = await h.connect();
      await silent.join({ roomId: 'hb', userId: 'silent', token: h.token('hb', 'silent') });
      // Only pings keep a member; this one never sends another frame.
      const left = await watcher.nextOfType('userLeft', { userId: 'silent' });
      assert.equal(left.reason, 'HeartbeatTimeout');
      assert.equal((await silent.waitClosed()).code, 4001);
    } finally {
      clearInterval(keep);
    }
  });
});

describe('token expiry and renewal', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ presenceOptions: { heartbeatTimeoutMs: 86_400_000 } });
  });
  after(() => h.close());

  it('warns 30 s ahead, renews without leaving, and removes a user whose token ran out', async () => {
    const nowS = Math.floor(h.now() / 1000);
    const watcher = await h.connect();
    await watcher.join({ roomId: 'exp', userId: 'watcher', token: h.token('exp', 'watcher') });
    const renewer = await h.connect();
    await renewer.join({ roomId: 'exp', userId: 'renewer', token: h.token('exp', 'renewer', { expireAt: nowS + 40 }) });
    const lapser = await h.connect();
    await lapser.join({ roomId: 'exp', userId: 'lapser', token: h.token('exp', 'lapser', { expireAt: nowS + 40 }) });
    assert.equal(
      renewer.frames.some((f) => f.type === 'tokenWillExpire'),
      false,
    );

    h.advance(15_000);
    assert.equal((await renewer.nextOfType('tokenWillExpire')).expireAt, nowS + 40);
    await lapser.nextOfType('tokenWillExpire');
    const wrong = await renewer.request({ type: 'renewToken', token: h.token('exp', 'someone-else') });
    assert.equal(wrong.code, 'InvalidToken');
    const renewed = await renewer.request({
      type: 'renewToken',
      token: h.token('exp', 'renewer', { expireAt: nowS + 600 }),
    });
    assert.equal(renewed.type, 'tokenRenewed');
    assert.equal(renewed.expireAt, nowS + 600);

    h.advance(30_000);
    assert.equal((await lapser.nextOfType('tokenExpired')).code, -1000);
    assert.equal((await lapser.waitClosed()).code, 4004);
    assert.equal((await watcher.nextOfType('userLeft', { userId: 'lapser' })).reason, 'onUserTokenDidExpire');
    assert.equal(renewer.closed, undefined);
    assert.equal((await renewer.request({ type: 'ping' })).type, 'pong');
  });
});

describe('per-privilege expiry', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ presenceOptions: { heartbeatTimeoutMs: 86_400_000 } });
  });
  after(() => h.close());

  it('stops what a user publishes when the publish privilege runs out, before the token does', async () => {
    const nowS = Math.floor(h.now() / 1000);
    const token = new AccessToken({ appId: APP_ID, roomId: 'priv', userId: 'host', expireAt: nowS + 3600 })
      .addPrivilege('PublishStream', nowS + 60)
      .addPrivilege('SubscribeStream', nowS + 3600)
      .serialize(APP_KEY);
    const watcher = await h.connect();
    await watcher.join({ roomId: 'priv', userId: 'watcher', token: h.token('priv', 'watcher') });
    const host = await h.connect();
    await host.join({ roomId: 'priv', userId: 'host', token });
    await host.request({ type: 'publish', stream: 'main', audio: true });
    h.advance(61_000);
    await watcher.nextOfType('streamUnpublished', { userId: 'host' });
    assert.equal((await host.nextOfType('error', { code: 'NoPrivilege' })).type, 'error');
    assert.equal((await host.request({ type: 'publish', stream: 'main', audio: true })).code, 'NoPrivilege');
    // Subscribing is a separate privilege and still good.
    assert.equal((await host.request({ type: 'subscribe', userId: 'watcher', stream: 'main' })).type, 'ack');
  });
});
