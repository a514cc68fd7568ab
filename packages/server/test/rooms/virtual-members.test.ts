import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerFrame } from '@rtc-openapi/api';
import { PresenceError } from '../../src/rooms/presence-error.js';
import type { VirtualMemberEnd } from '../../src/rooms/virtual-members.js';
import { APP_ID, startHarness, type Harness } from './rooms-harness.js';

/** A virtual member's owner that keeps what it hears. */
function listener() {
  const frames: ServerFrame[] = [];
  const ends: VirtualMemberEnd[] = [];
  return {
    frames,
    ends,
    owner: { onFrame: (f: ServerFrame) => frames.push(f), onEnded: (e: VirtualMemberEnd) => ends.push(e) },
    async until<T>(pick: () => T | undefined): Promise<T> {
      for (let i = 0; i < 200; i++) {
        const v = pick();
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`nothing came; frames ${JSON.stringify(frames)} ends ${JSON.stringify(ends)}`);
    },
  };
}

describe('virtual members: server-side users in rooms', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ presenceOptions: { heartbeatTimeoutMs: 300 } });
    await h.call(
      'CreateCallback',
      {
        AppID: APP_ID,
        BusinessId: 'vm',
        EventList: ['UserJoinRoom', 'UserLeaveRoom', 'UserPublishStream'],
        SecretKey: 'vm-secret',
        URL: 'http://127.0.0.1:9/unreachable',
      },
      '2020-12-01',
    );
  });
  after(() => h.close());

  const enter = async (roomId: string, userId: string) => {
    const c = await h.connect();
    const joined = await c.join({ roomId, userId, token: h.token(roomId, userId) });
    assert.equal(joined.type, 'joined', JSON.stringify(joined));
    return c;
  };
  const outbox = (roomId: string) =>
    h.db
      .prepare(`SELECT event_type AS type, event_data AS data FROM callback_outbox ORDER BY id`)
      .all()
      .map((r) => r as { type: string; data: string })
      .filter((r) => (JSON.parse(r.data) as { RoomId: string }).RoomId === roomId)
      .map((r) => `${r.type}:${(JSON.parse(r.data) as { UserId: string }).UserId}`);

  it('joins, publishes, messages and leaves like a room client; listed and reported; no heartbeat needed', async () => {
    const alice = await enter('v1', 'alice');
    const l = listener();
    const bot = h.module.virtualMembers.join({ appId: APP_ID, roomId: 'v1', userId: 'bot' }, l.owner);
    assert.equal(bot.active, true);
    assert.equal((await alice.nextOfType('userJoined', { userId: 'bot' })).type, 'userJoined');
    bot.publish('main', { audio: true });
    assert.equal((await alice.nextOfType('streamPublished', { userId: 'bot' })).audio, true);
    const online = (await h.call('GetRoomOnlineUsers', { AppId: APP_ID, RoomId: 'v1' })) as {
      VisibleUserList: string[];
    };
    assert.deepEqual([...online.VisibleUserList].sort(), ['alice', 'bot']);

    bot.sendBinary('alice', new Uint8Array([1, 2, 3]));
    const got = await alice.nextOfType('message', { from: 'bot' });
    assert.deepEqual([got.kind, got.binary], ['user', 'AQID']);
    assert.throws(
      () => bot.send('nobody', { text: 'x' }),
      (e) => e instanceof PresenceError && e.code === 'UserNotInRoom',
    );

    await alice.request({ type: 'send', to: 'bot', text: 'hello bot' });
    const msg = await l.until(() => l.frames.find((f) => f.type === 'message'));
    assert.deepEqual(msg, { type: 'message', kind: 'user', from: 'alice', text: 'hello bot' });
    assert.equal(bot.isPresent('alice'), true);

    // Past the heartbeat timeout (300 ms) alice pings; the bot sends nothing and stays.
    for (let i = 0; i < 6; i++) {
      await alice.request({ type: 'ping' });
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(bot.active, true);
    assert.ok(h.module.rooms.member(APP_ID, 'v1', 'bot'));

    alice.ws.terminate();
    await l.until(() => l.frames.find((f) => f.type === 'userLeft' && f.userId === 'alice'));
    assert.equal(bot.isPresent('alice'), false);

    bot.leave();
    assert.equal(bot.active, false);
    assert.deepEqual(l.ends, [{ reason: 'UserLeave', closeCode: 1000 }]);
    assert.throws(
      () => bot.publish('main', { audio: true }),
      (e) => e instanceof PresenceError,
    );
    assert.deepEqual(outbox('v1'), [
      'UserJoinRoom:alice',
      'UserJoinRoom:bot',
      'UserPublishStream:bot',
      'UserLeaveRoom:alice',
      'UserLeaveRoom:bot',
    ]);
  });

  it('KickUser and DismissRoom end it and tell its owner why', async () => {
    const l = listener();
    const bot = h.module.virtualMembers.join({ appId: APP_ID, roomId: 'v2', userId: 'bot' }, l.owner);
    await h.call('KickUser', { AppId: APP_ID, RoomId: 'v2', UserId: 'bot' }, '2020-12-01');
    assert.equal(bot.active, false);
    assert.equal(l.ends.length, 1);
    assert.equal(l.ends[0]!.reason, 'Kicked');
    assert.equal(l.ends[0]!.closeCode, 4006);
    assert.deepEqual(l.ends[0]!.notice, { type: 'kicked', code: -1006, reason: 'KickUser' });

    const l2 = listener();
    const bot2 = h.module.virtualMembers.join({ appId: APP_ID, roomId: 'v2', userId: 'bot' }, l2.owner);
    const carol = await enter('v2', 'carol');
    await h.call('DismissRoom', { AppId: APP_ID, RoomId: 'v2' }, '2020-12-01');
    assert.equal(bot2.active, false);
    assert.equal(l2.ends[0]!.reason, 'RoomDismissed');
    assert.equal((await carol.nextOfType('roomDismissed')).code, -1011);
  });

  it('refuses a user already in the room and a banned one, naming them', async () => {
    await enter('v3', 'taken');
    assert.throws(
      () => h.module.virtualMembers.join({ appId: APP_ID, roomId: 'v3', userId: 'taken' }, {}),
      (e) => e instanceof PresenceError && e.code === 'AlreadyJoined' && /taken/.test(e.message),
    );
    await h.call('BanRoomUser', { AppId: APP_ID, RoomId: 'v3', UserId: 'bad', ForbiddenInterval: 60 });
    assert.throws(
      () => h.module.virtualMembers.join({ appId: APP_ID, roomId: 'v3', userId: 'bad' }, {}),
      (e) => e instanceof PresenceError && e.code === 'Banned',
    );
  });
});
