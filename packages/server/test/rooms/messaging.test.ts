import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../src/errors/api-error.js';
import { APP_ID, startHarness, type Harness, type TestClient } from './rooms-harness.js';

const rejects = async (p: Promise<unknown>, code: string): Promise<void> => {
  await assert.rejects(p, (e: unknown) => e instanceof ApiError && e.code === code);
};

describe('server messaging to connected clients', () => {
  let h: Harness;
  let a: TestClient;
  let b: TestClient;
  let c: TestClient;
  before(async () => {
    h = await startHarness();
    a = await h.connect();
    await a.join({ roomId: 'm', userId: 'a', token: h.token('m', 'a') });
    b = await h.connect();
    await b.join({ roomId: 'm', userId: 'b', token: h.token('m', 'b') });
    c = await h.connect();
    await c.join({ roomId: 'other', userId: 'c', token: h.token('other', 'c') });
  });
  after(() => h.close());

  it('SendRoomUnicast delivers text to one user of the room, and only to them', async () => {
    for (const version of ['2020-12-01', '2023-07-20']) {
      const result = await h.call(
        'SendRoomUnicast',
        { AppId: APP_ID, RoomId: 'm', From: 'backend', To: 'b', Binary: false, Message: `hello ${version}` },
        version,
      );
      assert.deepEqual(result, { Message: 'success' });
      const got = await b.nextOfType('message', { text: `hello ${version}` });
      assert.equal(got.kind, 'roomUnicast');
      assert.equal(got.from, 'backend');
    }
    assert.equal(
      a.frames.some((f) => f.type === 'message'),
      false,
    );
  });

  it('SendBroadcast reaches everyone in the room with binary payloads intact', async () => {
    const payload = Buffer.from([1, 2, 3, 0, 250]).toString('base64');
    await h.call('SendBroadcast', { AppId: APP_ID, RoomId: 'm', From: 'backend', Binary: true, Message: payload });
    for (const x of [a, b]) {
      const got = await x.nextOfType('message', { kind: 'broadcast' });
      assert.deepEqual(Buffer.from(String(got.binary), 'base64'), Buffer.from([1, 2, 3, 0, 250]));
    }
    assert.equal(
      c.frames.some((f) => f.type === 'message'),
      false,
    );
  });

  it('SendUnicast reaches a user in whatever room; BatchSendRoomUnicast reaches the listed users present', async () => {
    await h.call('SendUnicast', { AppId: APP_ID, From: 'backend', To: 'c', Binary: false, Message: 'direct' });
    assert.equal((await c.nextOfType('message', { kind: 'unicast' })).text, 'direct');
    await h.call('BatchSendRoomUnicast', {
      AppId: APP_ID,
      RoomId: 'm',
      From: 'backend',
      To: ['a', 'b', 'absent'],
      Binary: false,
      Message: 'batch',
    });
    await a.nextOfType('message', { text: 'batch' });
    await b.nextOfType('message', { text: 'batch' });
  });

  it('answers IllegalTo for a recipient who is not connected, IllegalFrom for a sender that is a user', async () => {
    const base = { AppId: APP_ID, From: 'backend', Binary: false, Message: 'x' };
    await rejects(h.call('SendUnicast', { ...base, To: 'ghost' }), 'InvalidParameter.IllegalTo');
    await rejects(h.call('SendRoomUnicast', { ...base, RoomId: 'm', To: 'c' }), 'InvalidParameter.IllegalTo');
    await rejects(
      h.call('BatchSendRoomUnicast', { ...base, RoomId: 'm', To: ['ghost'] }),
      'InvalidParameter.IllegalTo',
    );
    await rejects(h.call('SendBroadcast', { ...base, RoomId: 'empty' }), 'InvalidParameter');
    await rejects(
      h.call('SendRoomUnicast', { ...base, RoomId: 'm', From: 'a', To: 'b' }),
      'InvalidParameter.IllegalFrom',
    );
    await rejects(h.call('SendUnicast', { ...base, From: 'bad from', To: 'c' }), 'InvalidParameter.IllegalFrom');
  });

  it('enforces the size and recipient limits', async () => {
    const base = { AppId: APP_ID, RoomId: 'm', From: 'backend', Binary: false };
    await h.call('SendBroadcast', { ...base, Message: 'x'.repeat(64 * 1024) });
    await rejects(
      h.call('SendBroadcast', { ...base, Message: 'x'.repeat(64 * 1024 + 1) }),
      'InvalidParameter.SizeOverLimit',
    );
    // Binary size is the decoded size: 64 KB of bytes is about 87 KB of base64 and still fine.
    await h.call('SendBroadcast', { ...base, Binary: true, Message: Buffer.alloc(64 * 1024).toString('base64') });
    await rejects(
      h.call('BatchSendRoomUnicast', { ...base, To: ['a'], Message: 'x'.repeat(20 * 1024 + 1) }),
      'InvalidParameter.SizeOverLimit',
    );
    const many = Array.from({ length: 601 }, (_, i) => `u${i}`);
    await rejects(
      h.call('BatchSendRoomUnicast', { ...base, To: many, Message: 'x' }),
      'InvalidParameter.UserCountOverLimit',
    );
    await rejects(h.call('SendBroadcast', { ...base, Binary: true, Message: 'not base64!' }), 'InvalidParameter');
  });
});
