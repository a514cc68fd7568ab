import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { createAdminHandler, generateAdminToken } from '../../src/admin/admin-http.js';
import type { AdminChange } from '../../src/admin/admin-operations.js';
import { tempServices } from '../store/temp-data-dir.js';

const TOKEN = 'test-admin-token-0123456789';

async function startAdmin(t: TestContext, { token }: { token: string | undefined } = { token: TOKEN }) {
  const services = tempServices(t);
  const changes: AdminChange[] = [];
  const handler = createAdminHandler({ services, token, onChange: (c) => changes.push(c), bodyLimitBytes: 4096 });
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/admin/') || req.url === '/admin') handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
    // The answers are checked field by field below; typing each route's JSON here would add nothing.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; json: any; headers: Headers }> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(base + path, init);
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
  }
  return { services, changes, send, base };
}

test('without a configured token the admin API answers 403 AdminApiDisabled to everyone', async (t) => {
  const { send } = await startAdmin(t, { token: undefined });
  const answer = await send('GET', '/admin/accounts');
  assert.equal(answer.status, 403);
  assert.equal(answer.json.error.code, 'AdminApiDisabled');
  assert.match(answer.json.error.message, /--admin-token or RTC_ADMIN_TOKEN/);
  assert.equal((await send('GET', '/admin/accounts', undefined, {})).status, 403);
});

test('a missing, malformed or wrong bearer token is 401 Unauthorized and reveals nothing', async (t) => {
  const { send } = await startAdmin(t);
  const headerSets: Record<string, string>[] = [
    {},
    { authorization: TOKEN },
    { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
    { authorization: 'Bearer wrong-token' },
    { authorization: `Bearer ${TOKEN}x` },
    { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
  ];
  for (const headers of headerSets) {
    const answer = await send('GET', '/admin/accounts', undefined, headers);
    assert.equal(answer.status, 401, JSON.stringify(headers));
    assert.equal(answer.json.error.code, 'Unauthorized');
    assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.ok(!JSON.stringify(answer.json).includes(TOKEN));
  }
  // Routing happens only after authentication: an unknown path is still 401 without the token.
  assert.equal((await send('DELETE', '/admin/nothing', undefined, {})).status, 401);
  assert.equal((await send('GET', '/admin/accounts')).status, 200);
});

test('accounts, users, policies, keys, apps, rate limits and the audit trail over HTTP', async (t) => {
  const { send, services, changes } = await startAdmin(t);

  const created = await send('POST', '/admin/accounts', { name: 'acme' });
  assert.equal(created.status, 201);
  const accountId: string = created.json.accountId;
  assert.match(accountId, /^21\d{8}$/);
  assert.equal(created.json.rtcEnabled, false);
  assert.equal((await send('GET', `/admin/accounts/${accountId}`)).json.name, 'acme');
  assert.equal((await send('PUT', `/admin/accounts/${accountId}/rtc`, { enabled: true })).json.rtcEnabled, true);
  const listed = await send('GET', '/admin/accounts?limit=10');
  assert.equal(listed.json.total, 1);
  assert.equal(listed.json.items[0].accountId, accountId);

  const user = await send('POST', `/admin/accounts/${accountId}/users`, { userName: 'ops' });
  assert.equal(user.status, 201);
  assert.equal(user.json.isMainUser, false);
  const users = await send('GET', `/admin/accounts/${accountId}/users`);
  assert.deepEqual(
    users.json.users.map((u: { userName: string }) => u.userName),
    ['root', 'ops'],
  );

  const app = await send('POST', `/admin/accounts/${accountId}/apps`, { name: 'demo' });
  assert.equal(app.status, 201);
  assert.match(app.json.appId, /^[0-9a-f]{24}$/);
  assert.match(app.json.appKey, /^[0-9a-f]{32}$/);
  const apps = await send('GET', `/admin/accounts/${accountId}/apps`);
  assert.equal(apps.json.total, 1);
  assert.ok(!JSON.stringify(apps.json).includes(app.json.appKey), 'lists carry no AppKeys');
  assert.equal((await send('GET', `/admin/apps/${app.json.appId}`)).json.appKey, app.json.appKey);
  assert.equal((await send('GET', '/admin/apps')).json.total, 1);
  assert.equal(
    (await send('PUT', `/admin/apps/${app.json.appId}/status`, { status: 'disabled' })).json.status,
    'disabled',
  );
  assert.equal((await services.apps.getApp(app.json.appId))?.status, 'disabled');

  const policy = await send('POST', `/admin/users/${user.json.userId}/policies`, {
    action: 'rtc:ListApps',
    appIds: [app.json.appId],
  });
  assert.equal(policy.status, 201);
  assert.deepEqual(policy.json.appIds, [app.json.appId]);
  assert.equal((await send('GET', `/admin/users/${user.json.userId}/policies`)).json.policies.length, 1);

  const key = await send('POST', `/admin/users/${user.json.userId}/keys`);
  assert.equal(key.status, 201);
  const secret: string = key.json.secretAccessKey;
  assert.ok(secret.length >= 40, 'the secret is shown at creation');
  const principal = (await services.identity.resolveAccessKey(key.json.accessKeyId))?.principal;
  assert.ok(principal);
  await services.identity.authorize(principal, 'ListApps', app.json.appId);
  for (const path of [
    `/admin/users/${user.json.userId}/keys`,
    `/admin/accounts/${accountId}/keys`,
    `/admin/keys/${key.json.accessKeyId}`,
  ]) {
    const answer = await send('GET', path);
    assert.equal(answer.status, 200, path);
    assert.ok(!JSON.stringify(answer.json).includes(secret), `${path} never shows the secret`);
  }
  const mainKey = await send('POST', `/admin/accounts/${accountId}/keys`);
  assert.equal(mainKey.json.userId, created.json.mainUserId, "an account's key is its main user's");

  const disabled = await send('PUT', `/admin/keys/${key.json.accessKeyId}/status`, { status: 'disabled' });
  assert.equal(disabled.json.status, 'disabled');
  assert.equal(await services.identity.resolveAccessKey(key.json.accessKeyId), undefined);
  assert.deepEqual(changes.at(-1), { kind: 'access-key', accessKeyId: key.json.accessKeyId });
  await send('PUT', `/admin/keys/${key.json.accessKeyId}/status`, { status: 'active' });
  assert.ok(await services.identity.resolveAccessKey(key.json.accessKeyId));
  const deleted = await send('DELETE', `/admin/keys/${key.json.accessKeyId}`);
  assert.equal(deleted.status, 204);
  assert.equal((await send('GET', `/admin/keys/${key.json.accessKeyId}`)).status, 404);

  assert.equal((await send('DELETE', `/admin/policies/${policy.json.policyId}`)).status, 204);
  assert.equal((await send('DELETE', `/admin/policies/${policy.json.policyId}`)).status, 404);

  const limits = await send('PUT', `/admin/accounts/${accountId}/rate-limits/messaging`, { qps: 50 });
  assert.deepEqual(limits.json, { accountId, overrides: { messaging: 50 } });
  assert.deepEqual(changes.at(-1), { kind: 'rate-limits', accountId });
  assert.deepEqual(await services.identity.getRateLimitOverrides(accountId), { messaging: 50 });
  assert.equal((await send('DELETE', `/admin/accounts/${accountId}/rate-limits/messaging`)).status, 204);
  assert.deepEqual((await send('GET', `/admin/accounts/${accountId}/rate-limits`)).json.overrides, {});

  services.audit.recordCall({
    requestId: 'r-1',
    accountId,
    action: 'ListApps',
    version: '2023-11-01',
    code: 'Success',
    httpStatus: 200,
    latencyMs: 1.2,
    at: new Date('2026-01-01T00:00:00Z'),
  });
  services.audit.recordCall({
    requestId: 'r-2',
    accountId,
    action: 'ListApps',
    version: '2023-11-01',
    code: 'LackPolicy',
    httpStatus: 403,
    latencyMs: 0.7,
    at: new Date('2026-01-01T00:00:01Z'),
  });
  const audit = await send('GET', `/admin/audit?accountId=${accountId}&code=LackPolicy`);
  assert.equal(audit.json.total, 1);
  assert.equal(audit.json.entries[0].requestId, 'r-2');
  assert.equal(audit.json.entries[0].at, '2026-01-01T00:00:01.000Z');
  const ranged = await send('GET', `/admin/audit?from=2026-01-01T00:00:00Z&to=${Date.parse('2026-01-01T00:00:01Z')}`);
  assert.deepEqual(
    ranged.json.entries.map((e: { requestId: string }) => e.requestId),
    ['r-1'],
  );
});

test('bad input answers JSON errors that name the field', async (t) => {
  const { send } = await startAdmin(t);
  const account = (await send('POST', '/admin/accounts', {})).json;

  const cases: [string, string, unknown, number, string, string?][] = [
    ['POST', `/admin/accounts/${account.accountId}/users`, {}, 400, 'InvalidField', 'userName'],
    ['POST', `/admin/accounts/${account.accountId}/users`, { userName: 42 }, 400, 'InvalidField', 'userName'],
    ['PUT', `/admin/accounts/${account.accountId}/rtc`, { enabled: 'yes' }, 400, 'InvalidField', 'enabled'],
    ['POST', `/admin/accounts/${account.accountId}/apps`, { name: 'x'.repeat(25) }, 400, 'InvalidField', 'name'],
    ['PUT', `/admin/accounts/${account.accountId}/rate-limits/ListApps`, { qps: -1 }, 400, 'InvalidField', 'qps'],
    ['PUT', `/admin/accounts/${account.accountId}/rate-limits/ListApps`, {}, 400, 'InvalidField', 'qps'],
    ['POST', '/admin/accounts', { accountId: 'abc' }, 400, 'InvalidField', 'accountId'],
    ['POST', '/admin/accounts', { accountId: account.accountId }, 409, 'Conflict', 'accountId'],
    ['POST', '/admin/accounts', '{"name":', 400, 'InvalidJson', 'body'],
    ['POST', '/admin/accounts', '[1,2]', 400, 'InvalidJson', 'body'],
    ['GET', '/admin/accounts?limit=1000', undefined, 400, 'InvalidField', 'limit'],
    ['GET', '/admin/audit?from=yesterday', undefined, 400, 'InvalidField', 'from'],
    ['GET', '/admin/accounts/2199999999', undefined, 404, 'NotFound', 'accountId'],
    ['POST', '/admin/users/123/keys', undefined, 404, 'NotFound', 'userId'],
    ['PUT', '/admin/keys/AKLTnope/status', { status: 'active' }, 404, 'NotFound', 'accessKeyId'],
    ['PUT', '/admin/keys/AKLTnope/status', { status: 'on' }, 400, 'InvalidField', 'status'],
    ['PUT', '/admin/apps/0123456789abcdef01234567/status', { status: 'enabled' }, 404, 'NotFound', 'appId'],
    ['GET', '/admin/nothing-here', undefined, 404, 'NotFound'],
    ['DELETE', '/admin/accounts', undefined, 405, 'MethodNotAllowed'],
  ];
  for (const [method, path, body, status, code, field] of cases) {
    const answer = await send(method, path, body);
    assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.json)}`);
    assert.equal(answer.json.error.code, code, `${method} ${path}`);
    assert.equal(answer.json.error.field, field, `${method} ${path}`);
    assert.equal(typeof answer.json.error.message, 'string');
    if (field) assert.match(answer.json.error.message, new RegExp(field === 'body' ? 'JSON' : field, 'i'));
  }

  const wrongType = await send('POST', '/admin/accounts', 'name=x', {
    authorization: `Bearer ${TOKEN}`,
    'content-type': 'application/x-www-form-urlencoded',
  });
  assert.equal(wrongType.status, 415);
  const tooBig = await send('POST', '/admin/accounts', { name: 'x'.repeat(5000) });
  assert.equal(tooBig.status, 413);
  assert.equal(tooBig.json.error.code, 'BodyTooLarge');
});

test('generated admin tokens are long and distinct', () => {
  const a = generateAdminToken();
  const b = generateAdminToken();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{32,}$/);
});

test('temporary credentials: issued once with secret, token and expiry; listed without them', async (t) => {
  const { send, services } = await startAdmin(t);
  const account = (await send('POST', '/admin/accounts', { rtcEnabled: true })).json;
  const sub = (await send('POST', `/admin/accounts/${account.accountId}/users`, { userName: 'worker' })).json;

  const before = Date.now();
  const issued = await send('POST', `/admin/users/${sub.userId}/temporary-keys`, { ttlSeconds: 900 });
  assert.equal(issued.status, 201, JSON.stringify(issued.json));
  assert.match(issued.json.accessKeyId, /^AKTP[A-Za-z0-9]{40}$/);
  assert.equal(issued.json.userId, sub.userId);
  assert.match(issued.json.secretAccessKey, /^[A-Za-z0-9]{40,}$/);
  assert.match(issued.json.sessionToken, /^STS[A-Za-z0-9_-]{43}$/);
  const expiresAt = Date.parse(issued.json.expiresAt);
  assert.ok(expiresAt >= before + 900_000 && expiresAt <= Date.now() + 900_000, issued.json.expiresAt);

  // For the account's main user, with the default TTL of one hour.
  const forMain = await send('POST', `/admin/accounts/${account.accountId}/temporary-keys`);
  assert.equal(forMain.status, 201);
  assert.equal(forMain.json.userId, account.mainUserId);
  assert.ok(Date.parse(forMain.json.expiresAt) - Date.parse(forMain.json.createdAt) === 3_600_000);

  const listed = await send('GET', `/admin/users/${sub.userId}/keys`);
  assert.deepEqual(
    listed.json.accessKeys.map((k: { accessKeyId: string; expiresAt?: string }) => [k.accessKeyId, k.expiresAt]),
    [[issued.json.accessKeyId, issued.json.expiresAt]],
  );
  const shown = await send('GET', `/admin/keys/${issued.json.accessKeyId}`);
  const text = JSON.stringify([listed.json, shown.json]);
  assert.ok(!text.includes(issued.json.secretAccessKey) && !text.includes(issued.json.sessionToken));

  // At rest: no secret and no session token in the row, and the token hash is not the token.
  const row = services.db
    .prepare('SELECT * FROM access_keys WHERE access_key_id = ?')
    .get(issued.json.accessKeyId) as Record<string, Buffer | string | number>;
  const rowText = Object.values(row)
    .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)))
    .join('|');
  assert.ok(!rowText.includes(issued.json.secretAccessKey) && !rowText.includes(issued.json.sessionToken));
  assert.equal((row.session_token_hash as Buffer).length, 32);

  // The key works like any other: disabled, it no longer resolves.
  assert.ok(await services.identity.resolveAccessKey(issued.json.accessKeyId));
  await send('PUT', `/admin/keys/${issued.json.accessKeyId}/status`, { status: 'disabled' });
  assert.equal(await services.identity.resolveAccessKey(issued.json.accessKeyId), undefined);
});

test('temporary credentials: a bad TTL or owner names its field', async (t) => {
  const { send } = await startAdmin(t);
  const account = (await send('POST', '/admin/accounts', {})).json;
  for (const ttlSeconds of [59, 43_201, 1.5, 'soon', -1]) {
    const answer = await send('POST', `/admin/accounts/${account.accountId}/temporary-keys`, { ttlSeconds });
    assert.equal(answer.status, 400, String(ttlSeconds));
    assert.equal(answer.json.error.field, 'ttlSeconds');
    assert.match(answer.json.error.message, /ttlSeconds must be an integer from 60 to 43200/);
  }
  const unknownUser = await send('POST', '/admin/users/123456789/temporary-keys', {});
  assert.equal(unknownUser.status, 404);
  assert.equal(unknownUser.json.error.field, 'userId');
  assert.equal((await send('POST', '/admin/accounts/999999/temporary-keys', {})).status, 404);
  assert.equal((await send('GET', `/admin/accounts/${account.accountId}/temporary-keys`)).status, 405);
});

test('the callback delivery log: newest first, filtered by AppId or EventId, limited', async (t) => {
  const { send, services } = await startAdmin(t);
  const insert = services.db.prepare(
    `INSERT INTO callback_delivery_log (outbox_id, event_id, app_id, event_type, url, attempt, http_status, error,
       duration_ms, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const appA = 'aaaaaaaaaaaaaaaaaaaaaaaa';
  const appB = 'bbbbbbbbbbbbbbbbbbbbbbbb';
  const at = Date.parse('2026-01-02T03:04:05.000Z');
  insert.run(1, 'ev-1', appA, 'RoomCreate', 'https://a.example/cb', 1, 503, null, 12, 'retry', at);
  insert.run(1, 'ev-1', appA, 'RoomCreate', 'https://a.example/cb', 2, 200, null, 8, 'delivered', at + 1000);
  insert.run(2, 'ev-2', appB, 'UserJoinRoom', 'https://b.example/cb', 1, null, 'connect ECONNREFUSED', 3, 'retry', at);

  const all = await send('GET', '/admin/deliveries');
  assert.equal(all.status, 200);
  assert.deepEqual(
    all.json.deliveries.map((d: { eventId: string; attempt: number }) => `${d.eventId}#${d.attempt}`),
    ['ev-2#1', 'ev-1#2', 'ev-1#1'],
  );
  assert.deepEqual(all.json.deliveries[0], {
    deliveryId: 2,
    eventId: 'ev-2',
    appId: appB,
    eventType: 'UserJoinRoom',
    url: 'https://b.example/cb',
    attempt: 1,
    error: 'connect ECONNREFUSED',
    durationMs: 3,
    outcome: 'retry',
    at: '2026-01-02T03:04:05.000Z',
  });
  const ofA = await send('GET', `/admin/deliveries?appId=${appA}`);
  assert.deepEqual(
    ofA.json.deliveries.map((d: { outcome: string; httpStatus: number }) => [d.outcome, d.httpStatus]),
    [
      ['delivered', 200],
      ['retry', 503],
    ],
  );
  const ofEvent = await send('GET', '/admin/deliveries?eventId=ev-2&limit=5');
  assert.equal(ofEvent.json.deliveries.length, 1);
  assert.equal((await send('GET', '/admin/deliveries?limit=1')).json.deliveries[0].eventId, 'ev-2');
  const badLimit = await send('GET', '/admin/deliveries?limit=0');
  assert.equal(badLimit.status, 400);
  assert.equal(badLimit.json.error.field, 'limit');
  assert.equal((await send('GET', '/admin/deliveries?appId=cccccccccccccccccccccccc')).json.deliveries.length, 0);
});

test('the callback delivery log: filtered by event type and delivery status, paged with offset, in the query', async (t) => {
  const { send, services } = await startAdmin(t);
  const outbox = services.db.prepare(
    `INSERT INTO callback_outbox (id, event_id, app_id, business_id, event_type, event_data, event_time, nonce, status,
       attempts, next_attempt_at, created_at) VALUES (?, ?, ?, '', ?, '{}', '0', 'n', ?, ?, 0, 0)`,
  );
  const log = services.db.prepare(
    `INSERT INTO callback_delivery_log (outbox_id, event_id, app_id, event_type, url, attempt, http_status, error,
       duration_ms, outcome, at) VALUES (?, ?, ?, ?, 'https://a.example/cb', ?, ?, NULL, 1, ?, 0)`,
  );
  const app = 'aaaaaaaaaaaaaaaaaaaaaaaa';
  outbox.run(1, 'ev-delivered', app, 'RoomCreate', 'delivered', 2);
  outbox.run(2, 'ev-pending', app, 'UserJoinRoom', 'pending', 1);
  outbox.run(3, 'ev-failed', app, 'RoomCreate', 'failed', 3);
  outbox.run(4, 'ev-dropped', app, 'UserJoinRoom', 'dropped', 1);
  log.run(1, 'ev-delivered', app, 'RoomCreate', 1, 503, 'retry');
  log.run(1, 'ev-delivered', app, 'RoomCreate', 2, 200, 'delivered');
  log.run(2, 'ev-pending', app, 'UserJoinRoom', 1, 500, 'retry');
  for (const attempt of [1, 2]) log.run(3, 'ev-failed', app, 'RoomCreate', attempt, 500, 'retry');
  log.run(3, 'ev-failed', app, 'RoomCreate', 3, 500, 'failed');
  log.run(4, 'ev-dropped', app, 'UserJoinRoom', 1, null, 'dropped');
  const list = async (query: string) => {
    const answer = await send('GET', `/admin/deliveries?${query}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    return answer.json.deliveries.map((d: { eventId: string; attempt: number }) => `${d.eventId}#${d.attempt}`);
  };

  assert.deepEqual(await list('status=failed'), ['ev-failed#3', 'ev-failed#2', 'ev-failed#1']);
  assert.deepEqual(await list('status=pending'), ['ev-pending#1']);
  assert.deepEqual(await list('status=delivered'), ['ev-delivered#2', 'ev-delivered#1']);
  assert.deepEqual(await list('status=dropped'), ['ev-dropped#1']);
  assert.deepEqual(await list('eventType=UserJoinRoom'), ['ev-dropped#1', 'ev-pending#1']);
  assert.deepEqual(await list('eventType=RoomCreate&status=delivered'), ['ev-delivered#2', 'ev-delivered#1']);
  // The limit applies after the filters and the offset (a filter after the limit would find nothing here).
  assert.deepEqual(await list('eventType=RoomCreate&limit=2'), ['ev-failed#3', 'ev-failed#2']);
  assert.deepEqual(await list('eventType=RoomCreate&offset=2&limit=2'), ['ev-failed#1', 'ev-delivered#2']);
  assert.deepEqual(await list('status=delivered&limit=1'), ['ev-delivered#2']);
  assert.deepEqual(await list('offset=6'), ['ev-delivered#1']);
  assert.deepEqual(await list('offset=7'), []);
  assert.deepEqual(await list('eventType=RoomDismiss'), []);

  for (const [query, field] of [
    ['status=retry', 'status'],
    ['status=Delivered', 'status'],
    ['offset=-1', 'offset'],
    ['offset=x', 'offset'],
  ] as const) {
    const bad = await send('GET', `/admin/deliveries?${query}`);
    assert.equal(bad.status, 400, query);
    assert.equal(bad.json.error.code, 'InvalidField');
    assert.equal(bad.json.error.field, field, query);
  }
  const badStatus = await send('GET', '/admin/deliveries?status=retry');
  assert.equal(badStatus.json.error.message, 'status must be one of pending, delivered, failed, dropped');
});

test('a delivery in detail and its redelivery over HTTP; a task timeline; bad ids name their field', async (t) => {
  const { send, services } = await startAdmin(t);
  const app = 'aaaaaaaaaaaaaaaaaaaaaaaa';
  services.db
    .prepare(
      `INSERT INTO callback_outbox (id, event_id, app_id, business_id, event_type, event_data, event_time, nonce,
         status, attempts, next_attempt_at, created_at) VALUES (7, 'ev-7', ?, 'b', 'RoomCreate', '{"RoomId":"r"}',
         '2026-01-02T03:04:05.000000000Z', '0042', 'failed', 3, 0, 0)`,
    )
    .run(app);
  const detail = await send('GET', '/admin/deliveries/7');
  assert.equal(detail.status, 200, JSON.stringify(detail.json));
  assert.deepEqual(detail.json.payload, {
    EventType: 'RoomCreate',
    EventData: '{"RoomId":"r"}',
    EventTime: '2026-01-02T03:04:05.000000000Z',
    EventId: 'ev-7',
    AppId: app,
    Version: '2020-12-01',
    Nonce: '0042',
  });
  assert.equal(detail.json.subscriptionUrl, undefined, 'no subscription');
  // No subscription any more: nowhere to redeliver to.
  const refused = await send('POST', '/admin/deliveries/7/redeliver', {});
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.field, 'deliveryId');
  for (const [path, status] of [
    ['/admin/deliveries/8', 404],
    ['/admin/deliveries/x7', 400],
    ['/admin/deliveries/0', 400],
  ] as const) {
    const answer = await send('GET', path);
    assert.equal(answer.status, status, path);
    assert.equal(answer.json.error.field, 'deliveryId', path);
  }
  const noKind = await send('GET', `/admin/tasks/timeline?appId=${app}&roomId=r&taskId=t`);
  assert.equal(noKind.status, 400);
  assert.equal(noKind.json.error.field, 'kind');
  const noRoom = await send('GET', `/admin/tasks/timeline?kind=record&appId=${app}&taskId=t`);
  assert.equal(noRoom.json.error.field, 'roomId');
  const unknown = await send('GET', `/admin/tasks/timeline?kind=record&appId=${app}&roomId=r&taskId=t`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.field, 'taskId');
});
