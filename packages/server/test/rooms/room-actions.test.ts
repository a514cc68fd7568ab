import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../src/errors/api-error.js';
import { APP_ID, startHarness, type Harness } from './rooms-harness.js';

const rejects = async (p: Promise<unknown>, code: string, message?: RegExp): Promise<void> => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.code, code);
    if (message) assert.match(e.message, message);
    return true;
  });
};

describe('room actions on live connections', () => {
  let h: Harness;
  before(async () => {
    // The tests move the clock past ban intervals; heartbeats must not time out meanwhile.
    h = await startHarness({ presenceOptions: { heartbeatTimeoutMs: 86_400_000 } });
  });
  after(() => h.close());

  const enter = async (roomId: string, userId: string) => {
    const c = await h.connect();
    const joined = await c.join({ roomId, userId, token: h.token(roomId, userId) });
    assert.equal(joined.type, 'joined', JSON.stringify(joined));
    return c;
  };

  it('KickUser disconnects the user with -1006, tells the room, and lets them back in', async () => {
    const stay = await enter('k', 'stay');
    const out = await enter('k', 'out');
    const result = await h.call('KickUser', { AppId: APP_ID, RoomId: 'k', UserId: 'out' }, '2020-12-01');
    assert.deepEqual(result, { message: 'success' });
    assert.equal((await out.nextOfType('kicked')).code, -1006);
    assert.equal((await out.waitClosed()).code, 4006);
    assert.equal((await stay.nextOfType('userLeft', { userId: 'out' })).reason, 'Kicked');
    await enter('k', 'out');
  });

  it('BanRoomUser removes the user and refuses a rejoin until ForbiddenInterval ends', async () => {
    await enter('b', 'other');
    const banned = await enter('b', 'troll');
    const result = await h.call('BanRoomUser', { AppId: APP_ID, RoomId: 'b', UserId: 'troll', ForbiddenInterval: 60 });
    assert.deepEqual(result, { Message: 'success' });
    assert.equal((await banned.nextOfType('kicked')).code, -1006);
    await banned.waitClosed();
    const again = await h.connect();
    const refused = await again.join({ roomId: 'b', userId: 'troll', token: h.token('b', 'troll') });
    assert.equal(refused.code, 'Banned');
    assert.equal((await again.waitClosed()).code, 4003);
    // Other rooms are fine; once the interval is over the room is too.
    await enter('b2', 'troll');
    h.advance(61_000);
    await enter('b', 'troll');
  });

  it('BanRoomUser on a whole room kicks everyone and says so when repeated; 2020-12-01 answers lower case', async () => {
    const a = await enter('whole', 'a');
    const b = await enter('whole', 'b');
    const first = await h.call('BanRoomUser', { AppId: APP_ID, RoomId: 'whole', ForbiddenInterval: 30 }, '2020-12-01');
    assert.deepEqual(first, { message: 'success' });
    await a.waitClosed();
    await b.waitClosed();
    const again = await h.call('BanRoomUser', { AppId: APP_ID, RoomId: 'whole', ForbiddenInterval: 30 }, '2020-12-01');
    assert.deepEqual(again, { message: 'Room has been banned' });
    const c = await h.connect();
    assert.equal((await c.join({ roomId: 'whole', userId: 'c', token: h.token('whole', 'c') })).code, 'Banned');
    // UpdateBanRoomUserRule with 0 lifts it.
    await h.call('UpdateBanRoomUserRule', { AppId: APP_ID, RoomId: 'whole', ForbiddenInterval: 0 });
    await enter('whole', 'c');
  });

  it('BanRoomUser by UserId alone bans the user in every room; by IP bans the address', async () => {
    const r1 = await enter('u1', 'spammer');
    const r2 = await enter('u2', 'spammer');
    await h.call('BanRoomUser', { AppId: APP_ID, UserId: 'spammer', ForbiddenInterval: 10 });
    await r1.waitClosed();
    await r2.waitClosed();
    const c = await h.connect();
    assert.equal((await c.join({ roomId: 'u3', userId: 'spammer', token: h.token('u3', 'spammer') })).code, 'Banned');

    const local = await enter('ip', 'someone');
    await h.call('BanRoomUser', { AppId: APP_ID, IP: '127.0.0.1', ForbiddenInterval: 10 });
    await local.waitClosed();
    const d = await h.connect();
    assert.equal((await d.join({ roomId: 'ip2', userId: 'x', token: h.token('ip2', 'x') })).code, 'Banned');
    await h.call('UpdateBanRoomUserRule', { AppId: APP_ID, UserId: 'spammer', ForbiddenInterval: 0 });
    // UpdateBanRoomUserRule has no IP field; a new BanRoomUser with 0 lifts the address ban.
    await h.call('BanRoomUser', { AppId: APP_ID, IP: '127.0.0.1', ForbiddenInterval: 0 });
    await enter('u3', 'spammer');
  });

  it('BanRoomUser checks its target and its interval', async () => {
    await rejects(h.call('BanRoomUser', { AppId: APP_ID }), 'MissingParameter', /RoomId, UserId or IP/);
    await rejects(h.call('BanRoomUser', { AppId: APP_ID, IP: 'not-an-ip' }), 'InvalidParameter', /IP/);
    await rejects(
      h.call('BanRoomUser', { AppId: APP_ID, RoomId: 'x', ForbiddenInterval: -1 }),
      'InvalidParameter',
      /ForbiddenInterval/,
    );
  });

  it('DismissRoom sends -1011 to everyone and ends the room', async () => {
    const a = await enter('d', 'a');
    const b = await enter('d', 'b');
    assert.deepEqual(await h.call('DismissRoom', { AppId: APP_ID, RoomId: 'd' }, '2020-12-01'), {
      message: 'success',
    });
    for (const c of [a, b]) {
      assert.equal((await c.nextOfType('roomDismissed')).code, -1011);
      assert.equal((await c.waitClosed()).code, 4011);
    }
    assert.deepEqual(await h.call('GetRoomOnlineUsers', { AppId: APP_ID, RoomId: 'd' }), { RoomExists: false });
  });

  it('BanUserStream stops and blocks the banned media; UnbanUserStream lifts it', async () => {
    const watcher = await enter('s', 'watcher');
    const host = await enter('s', 'host');
    await host.request({ type: 'publish', stream: 'main', audio: true, video: true });
    await h.call('BanUserStream', { AppId: APP_ID, RoomId: 's', UserId: 'host', Video: true });
    const banned = await watcher.nextOfType('streamBanned', { userId: 'host', media: 'video' });
    assert.equal(banned.banned, true);
    await host.nextOfType('streamBanned', { media: 'video' });
    const update = await watcher.next((f) => f.type === 'streamPublished' && f.userId === 'host' && f.video === false);
    assert.equal(update.audio, true);
    const refused = await host.request({ type: 'publish', stream: 'main', audio: true, video: true });
    assert.equal(refused.code, 'StreamBanned');
    assert.equal(refused.media, 'video');

    await h.call('UnbanUserStream', { AppId: APP_ID, RoomId: 's', UserId: 'host', Video: true });
    const lifted = await watcher.next((f) => f.type === 'streamBanned' && f.banned === false);
    assert.equal(lifted.media, 'video');
    assert.equal((await host.request({ type: 'publish', stream: 'main', audio: true, video: true })).type, 'ack');
  });

  it('BanUserStream 2020-12-01 wants the target user token, 2023-11-01 a timed ban ends by itself', async () => {
    const host = await enter('s2', 'host');
    await rejects(
      h.call(
        'BanUserStream',
        { AppId: APP_ID, RoomId: 's2', UserId: 'host', Token: h.token('s2', 'other'), Audio: true },
        '2020-12-01',
      ),
      'InvalidParameter',
      /Token/,
    );
    const ok = await h.call(
      'BanUserStream',
      { AppId: APP_ID, RoomId: 's2', UserId: 'host', Token: h.token('s2', 'host'), Audio: true },
      '2020-12-01',
    );
    assert.deepEqual(ok, { message: 'success' });
    assert.equal((await host.request({ type: 'publish', stream: 'main', audio: true })).code, 'StreamBanned');
    await h.call(
      'UnbanUserStream',
      { AppId: APP_ID, RoomId: 's2', UserId: 'host', Token: h.token('s2', 'host'), Audio: true },
      '2020-12-01',
    );

    await h.call('BanUserStream', { AppId: APP_ID, RoomId: 's2', UserId: 'host', Audio: true, ForbiddenInterval: 60 });
    assert.equal((await host.request({ type: 'publish', stream: 'main', audio: true })).code, 'StreamBanned');
    const before = host.frames.length;
    h.advance(61_000);
    await host.next((f) => f.type === 'streamBanned' && f.banned === false, 'the ban to end', before);
    assert.equal((await host.request({ type: 'publish', stream: 'main', audio: true })).type, 'ack');
  });

  it('LimitTokenPrivilege stops publishing with that token until EndTime', async () => {
    const token = h.token('l', 'speaker');
    const speaker = await h.connect();
    await speaker.join({ roomId: 'l', userId: 'speaker', token });
    await speaker.request({ type: 'publish', stream: 'main', audio: true });
    const before = Math.floor(h.now() / 1000);
    const limit = { AppId: APP_ID, RoomId: 'l', UserId: 'speaker', Token: token };
    // The catalog's range is [60, 259200]: the validate stage refuses less, naming the field.
    await rejects(
      h.call('LimitTokenPrivilege', { ...limit, ForbiddenInterval: 30 }),
      'InvalidParameter',
      /ForbiddenInterval/,
    );
    const result = (await h.call('LimitTokenPrivilege', { ...limit, ForbiddenInterval: 60 })) as {
      EndTime: number;
      Message: string;
    };
    assert.equal(result.Message, 'Success');
    assert.ok(result.EndTime >= before + 60 && result.EndTime <= before + 62);
    const notice = await speaker.nextOfType('privilegesLimited');
    assert.deepEqual(notice.privileges, ['publish']);
    assert.equal((await speaker.request({ type: 'publish', stream: 'main', audio: true })).code, 'PrivilegeLimited');
    // A new token for the same user is not limited.
    const fresh = await h.connect();
    await fresh.join({ roomId: 'l', userId: 'speaker', token: h.token('l', 'speaker', { expireAt: 4_000_000_000 }) });
    assert.equal((await fresh.request({ type: 'publish', stream: 'main', audio: true })).type, 'ack');
    await rejects(
      h.call('LimitTokenPrivilege', { AppId: APP_ID, RoomId: 'l', UserId: 'x', Token: token, ForbiddenInterval: 60 }),
      'InvalidParameter',
      /Token/,
    );
  });

  it('GetRoomOnlineUsers honours Property and RoleType', async () => {
    await enter('o', 'v1');
    const inv = await h.connect();
    await inv.join({ roomId: 'o', userId: 'i1', token: h.token('o', 'i1'), visible: false });
    const all = (await h.call('GetRoomOnlineUsers', {
      AppId: APP_ID,
      RoomId: 'o',
      Property: true,
      RoleType: 1,
    })) as Record<string, unknown>;
    assert.deepEqual(all.VisibleUserList, ['v1']);
    assert.deepEqual(all.InvisibleUserList, []);
    assert.equal(all.TotalUser, 2);
    const older = (await h.call('GetRoomOnlineUsers', { AppId: APP_ID, RoomId: 'o' }, '2023-08-01')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(older.InvisibleUserList, ['i1']);
  });
});
