import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../src/errors/api-error.js';
import { APP_ID, startHarness, type Harness } from '../rooms/rooms-harness.js';

const code = (c: string, message?: RegExp) => (e: unknown) =>
  e instanceof ApiError && e.code === c && (message === undefined || message.test(e.message));

describe('callback configuration actions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const create = (extra: Record<string, unknown> = {}) =>
    h.call(
      'CreateCallback',
      {
        AppID: APP_ID,
        BusinessId: 'biz',
        EventList: ['UserJoinRoom', 'RoomDestroy'],
        SecretKey: 's3cret',
        URL: 'https://hooks.example.com/rtc',
        ...extra,
      },
      '2020-12-01',
    );

  it('creates, reads, updates and deletes a subscription', async () => {
    assert.equal(await create(), 'ok');
    await assert.rejects(create(), code('InvalidParameter', /UpdateCallback/));
    const got = (await h.call('GetCallback', { AppId: APP_ID }, '2020-12-01')) as Record<string, unknown> & {
      Callbacks: Record<string, unknown>[];
    };
    assert.equal(got.Callbacks.length, 1);
    const cb = got.Callbacks[0]!;
    assert.equal(cb.AppId, APP_ID);
    assert.equal(cb.BusinessId, 'biz');
    assert.deepEqual(cb.EventList, ['UserJoinRoom', 'RoomDestroy']);
    assert.equal(cb.URL, 'https://hooks.example.com/rtc');
    assert.equal(cb.SecretKey, 's3cret');
    assert.equal(cb.Region, 'cn-north-1');
    assert.equal(got.EventList, 'UserJoinRoom,RoomDestroy');

    const updated = await h.call(
      'UpdateCallback',
      { AppID: APP_ID, BusinessID: 'biz', EventList: ['UserLeaveRoom'], SecretKey: 'new', URL: 'http://127.0.0.1:9/x' },
      '2020-12-01',
    );
    assert.equal(updated, 'ok');
    const after = (await h.call('GetCallback', { AppId: APP_ID })) as { Callbacks: Record<string, unknown>[] };
    assert.deepEqual(after.Callbacks[0]!.EventList, ['UserLeaveRoom']);
    assert.equal(after.Callbacks[0]!.SecretKey, 'new');
    await assert.rejects(
      h.call('UpdateCallback', {
        AppID: APP_ID,
        BusinessID: 'nope',
        EventList: ['UserLeaveRoom'],
        SecretKey: 'x',
        URL: 'http://a.b/',
      }),
      code('InvalidParameter', /CreateCallback/),
    );
    assert.equal(await h.call('DeleteCallback', { AppId: APP_ID, BusinessId: 'biz' }), 'ok');
    assert.deepEqual(((await h.call('GetCallback', { AppId: APP_ID })) as { Callbacks: unknown[] }).Callbacks, []);
  });

  it('refuses unknown events, bad URLs and apps of another account', async () => {
    await assert.rejects(create({ EventList: ['UserJoinRoom', 'Nope'] }), code('InvalidParameter', /EventList\[1\]/));
    await assert.rejects(create({ URL: 'ftp://x.example/' }), code('InvalidParameter', /URL/));
    await assert.rejects(create({ URL: 'not a url' }), code('InvalidParameter', /URL/));
    await assert.rejects(
      h.call(
        'CreateCallback',
        { AppID: APP_ID, BusinessId: 'b', EventList: ['UserJoinRoom'], SecretKey: 'k', URL: 'https://a.b/' },
        '2020-12-01',
        '999',
      ),
      code('InvalidParameter.AccountIdMismatch'),
    );
    await assert.rejects(
      h.call('GetCallback', { AppId: 'ffffffffffffffffffffffff' }),
      code('InvalidParameter.NotExistAppId'),
    );
  });
});
