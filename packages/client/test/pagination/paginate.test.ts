import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RtcClient } from '@rtc-openapi/client';
import { envelope, startLocalServer, type LocalServer } from '../support/local-server.js';

const credentials = { accessKeyId: 'AKLTpages', secretAccessKey: 'pages-secret' };
const apps = Array.from({ length: 7 }, (_, i) => ({ AppId: `app-${i}` }));
const users = Array.from({ length: 250 }, (_, i) => ({ UserId: `user-${i}` }));

describe('paginate', () => {
  let server: LocalServer;
  let client: RtcClient;
  before(async () => {
    server = await startLocalServer((request) => {
      const action = request.query.get('Action')!;
      const version = request.query.get('Version')!;
      if (action === 'ListApps') {
        // Offset/Limit travel as strings in the body (catalog 1.3).
        const body = JSON.parse(request.body) as { Offset: string; Limit: string };
        assert.equal(typeof body.Offset, 'string');
        const offset = Number(body.Offset);
        const limit = Number(body.Limit);
        return {
          body: envelope(action, version, {
            AppList: apps.slice(offset, offset + limit),
            Total: apps.length,
            Offset: offset,
            Limit: limit,
          }),
        };
      }
      // ListUserInfo: PageNum/PageSize in the query; sizes over 100 are clamped to 100.
      const page = Number(request.query.get('PageNum'));
      const size = Math.min(100, Number(request.query.get('PageSize') ?? 20));
      return {
        body: envelope(action, version, {
          UserList: users.slice((page - 1) * size, page * size),
          Total: users.length,
          PageNum: page,
          PageSize: size,
        }),
      };
    });
    client = new RtcClient({ ...credentials, endpoint: server.url, throttle: false });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  test('Offset/Limit: every item once, stopping at Total', async () => {
    server.requests.length = 0;
    const seen: unknown[] = [];
    for await (const app of client.paginate('ListApps', { Limit: '3' })) seen.push(app);
    assert.deepEqual(seen, apps);
    assert.equal(server.requests.length, 3);
  });

  test('PageNum/PageSize: a clamped page size still walks every item', async () => {
    server.requests.length = 0;
    const seen: unknown[] = [];
    const params = {
      AppId: 'app',
      RoomId: 'room',
      StartTime: '2024-01-01T00:00:00Z',
      EndTime: '2024-01-01T01:00:00Z',
      PageSize: 200,
    };
    for await (const user of client.paginate('ListUserInfo', params)) seen.push(user);
    assert.deepEqual(seen, users);
    assert.deepEqual(
      server.requests.map((r) => r.query.get('PageNum')),
      ['1', '2', '3'],
    );
  });

  test('breaking out of the loop fetches no further page', async () => {
    server.requests.length = 0;
    for await (const _app of client.paginate('ListApps', { Limit: '2' })) break;
    assert.equal(server.requests.length, 1);
  });

  test('an action that does not page is refused by name', () => {
    assert.throws(() => client.paginate('StartRecord' as never, {} as never), {
      name: 'RtcValidationError',
      field: 'action',
    });
  });
});
