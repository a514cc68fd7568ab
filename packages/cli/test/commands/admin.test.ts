import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { admin, adminJson } from '../support/run-admin.js';
import { openServices } from '@rtc-openapi/server';

test('the admin CLI manages a data directory that a server then reads', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-openapi-cli-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));

  const account = await adminJson(dataDir, 'account', 'create', '--name', 'acme', '--rtc-enabled');
  assert.match(account.accountId, /^21\d{8}$/);
  assert.equal(account.rtcEnabled, true);
  const [user, app] = await Promise.all([
    adminJson(dataDir, 'user', 'create', account.accountId, 'ops'),
    adminJson(dataDir, 'app', 'create', account.accountId, 'demo'),
  ]);
  assert.match(app.appId, /^[0-9a-f]{24}$/);
  assert.match(app.appKey, /^[0-9a-f]{32}$/);
  assert.deepEqual(await adminJson(dataDir, 'app', 'recording', app.appId, 'off'), {
    appId: app.appId,
    recordingEnabled: false,
  });
  assert.notEqual((await admin(dataDir, 'app', 'recording', app.appId, 'maybe')).code, 0);
  assert.deepEqual(await adminJson(dataDir, 'app', 'fail-next-start', app.appId, '2'), {
    appId: app.appId,
    failNextStarts: 2,
  });
  assert.deepEqual(await adminJson(dataDir, 'task', 'list', '--app-id', app.appId), { total: 0, tasks: [] });
  const [policy, key] = await Promise.all([
    adminJson(dataDir, 'policy', 'attach', user.userId, 'rtc:ListApps', '--app-id', app.appId),
    adminJson(dataDir, 'key', 'create', '--user-id', user.userId),
  ]);
  assert.deepEqual(policy.appIds, [app.appId]);
  assert.ok(key.secretAccessKey.length >= 40);

  const [keys, limits, human] = await Promise.all([
    adminJson(dataDir, 'key', 'list', '--account-id', account.accountId),
    adminJson(dataDir, 'rate-limit', 'set', account.accountId, 'messaging', '50'),
    admin(dataDir, 'key', 'create', '--account-id', account.accountId),
  ]);
  // The account's main-user key is being created at the same time, by another process on the same file.
  assert.ok(keys.accessKeys.some((k: { accessKeyId: string }) => k.accessKeyId === key.accessKeyId));
  assert.ok(!JSON.stringify(keys).includes(key.secretAccessKey), 'listing shows no secret');
  assert.deepEqual(limits.overrides, { messaging: 50 });
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^accessKeyId: AKLT[A-Za-z0-9]{40}$/m);
  assert.match(human.stdout, /^secretAccessKey: [A-Za-z0-9]{40,}$/m);
  assert.match(human.stdout, /shown only now/);

  // What the CLI wrote is what a server on the same directory (same master.key) authenticates with.
  const server = openServices({ dataDir, env: {} });
  try {
    const resolved = await server.identity.resolveAccessKey(key.accessKeyId);
    assert.equal(resolved?.secretAccessKey, key.secretAccessKey);
    await server.identity.authorize(resolved!.principal, 'ListApps', app.appId);
    assert.deepEqual(await server.identity.getRateLimitOverrides(account.accountId), { messaging: 50 });
    server.audit.recordCall({
      requestId: 'req-cli',
      accountId: account.accountId,
      action: 'ListApps',
      code: 'Success',
      httpStatus: 200,
      latencyMs: 1,
      at: new Date(),
    });
  } finally {
    server.close();
  }

  const [disabled, audit] = await Promise.all([
    adminJson(dataDir, 'key', 'disable', key.accessKeyId),
    adminJson(dataDir, 'audit', 'query', '--account-id', account.accountId),
  ]);
  assert.equal(disabled.status, 'disabled');
  assert.deepEqual(
    audit.entries.map((e: { requestId: string }) => e.requestId),
    ['req-cli'],
  );
  const after = openServices({ dataDir, env: {} });
  try {
    assert.equal(await after.identity.resolveAccessKey(key.accessKeyId), undefined);
  } finally {
    after.close();
  }
});

test('the admin CLI names the field at fault and exits 1; every command has help', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-openapi-cli-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const missing = await admin(join(dataDir, 'typo'), 'account', 'list');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no data directory at .*typo/);
  await adminJson(dataDir, 'account', 'create');
  const [badAccount, noOwner, badJson, help] = await Promise.all([
    admin(dataDir, 'user', 'create', '2100000099', 'ops'),
    admin(dataDir, 'key', 'create'),
    admin(dataDir, 'app', 'create', '2100000099', 'x'.repeat(30), '--json'),
    admin(dataDir, 'rate-limit', 'set', '--help'),
  ]);
  assert.equal(badAccount.code, 1);
  assert.match(badAccount.stderr, /^error: accountId: account 2100000099 does not exist$/m);
  assert.equal(noOwner.code, 1);
  assert.match(noOwner.stderr, /--user-id and --account-id/);
  assert.equal(badJson.code, 1);
  assert.deepEqual(JSON.parse(badJson.stderr).error.field, 'name');
  assert.equal(help.code, 0);
  for (const expected of ['<accountId>', '<rateGroup>', '<qps>', '--data <dir>', '--json', 'messaging']) {
    assert.ok(help.stdout.includes(expected), `help mentions ${expected}`);
  }
});

test(
  'admin key issue-temporary prints the triple once; admin deliveries list reads the log',
  { timeout: 120_000 },
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtc-openapi-cli-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const account = await adminJson(dataDir, 'account', 'create', '--rtc-enabled');
    const user = await adminJson(dataDir, 'user', 'create', account.accountId, 'worker');

    const [issued, human, badTtl, outOfRange, noOwner] = await Promise.all([
      adminJson(dataDir, 'key', 'issue-temporary', '--user-id', user.userId, '--ttl', '15m'),
      admin(dataDir, 'key', 'issue-temporary', '--account-id', account.accountId),
      admin(dataDir, 'key', 'issue-temporary', '--account-id', account.accountId, '--ttl', 'soon'),
      admin(dataDir, 'key', 'issue-temporary', '--account-id', account.accountId, '--ttl', '13h'),
      admin(dataDir, 'key', 'issue-temporary', '--ttl', '1h'),
    ]);
    assert.match(issued.accessKeyId, /^AKTP[A-Za-z0-9]{40}$/);
    assert.equal(issued.userId, user.userId);
    assert.equal(Date.parse(issued.expiresAt) - Date.parse(issued.createdAt), 15 * 60_000);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^accessKeyId: AKTP[A-Za-z0-9]{40}$/m);
    assert.match(human.stdout, /^secretAccessKey: [A-Za-z0-9]{40,}$/m);
    assert.match(human.stdout, /^sessionToken: STS[A-Za-z0-9_-]{43}$/m);
    assert.match(human.stdout, /^expiresAt: \d{4}-\d\d-\d\dT/m);
    assert.match(human.stdout, /secret access key and the session token are shown only now/);
    assert.equal(badTtl.code, 1);
    assert.match(badTtl.stderr, /--ttl <duration>.*soon.*is invalid/);
    assert.equal(outOfRange.code, 1);
    assert.match(outOfRange.stderr, /^error: ttlSeconds must be an integer from 60 to 43200$/m);
    assert.equal(noOwner.code, 1);
    assert.match(noOwner.stderr, /--user-id and --account-id/);

    const listed = await adminJson(dataDir, 'key', 'list', '--user-id', user.userId);
    assert.deepEqual(
      listed.accessKeys.map((k: { accessKeyId: string; expiresAt: string }) => [k.accessKeyId, k.expiresAt]),
      [[issued.accessKeyId, issued.expiresAt]],
    );
    assert.ok(!JSON.stringify(listed).includes(issued.sessionToken));

    // What the CLI issued is what a server on the same directory accepts, with that token only.
    const server = openServices({ dataDir, env: {} });
    try {
      const resolved = await server.identity.resolveAccessKey(issued.accessKeyId);
      assert.equal(resolved?.secretAccessKey, issued.secretAccessKey);
      const now = Date.parse(issued.createdAt);
      assert.doesNotThrow(() => resolved!.checkSessionToken!(issued.sessionToken, now));
      assert.throws(() => resolved!.checkSessionToken!('STSsomethingElse', now), /not the one issued/);
      const outbox = server.db.prepare(
        `INSERT INTO callback_outbox (id, event_id, app_id, business_id, event_type, event_data, event_time, nonce,
         status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, '', ?, '{}', '0', 'n', ?, 1, 0, 0)`,
      );
      outbox.run(7, 'ev-cli', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'RoomCreate', 'delivered');
      outbox.run(8, 'ev-later', 'bbbbbbbbbbbbbbbbbbbbbbbb', 'UserJoinRoom', 'pending');
      server.db
        .prepare(
          `INSERT INTO callback_delivery_log (outbox_id, event_id, app_id, event_type, url, attempt, http_status,
           error, duration_ms, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          8,
          'ev-later',
          'bbbbbbbbbbbbbbbbbbbbbbbb',
          'UserJoinRoom',
          'https://b.example/rtc',
          1,
          500,
          null,
          5,
          'retry',
          0,
        );
      server.db
        .prepare(
          `INSERT INTO callback_delivery_log (outbox_id, event_id, app_id, event_type, url, attempt, http_status,
           error, duration_ms, outcome, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          7,
          'ev-cli',
          'aaaaaaaaaaaaaaaaaaaaaaaa',
          'RoomCreate',
          'https://hooks.example/rtc',
          1,
          200,
          null,
          5,
          'delivered',
          0,
        );
    } finally {
      server.close();
    }
    const [deliveries, deliveriesHuman, none, badLimit, ofType, pending, delivered, paged, badStatus] =
      await Promise.all([
        adminJson(dataDir, 'deliveries', 'list', '--app-id', 'aaaaaaaaaaaaaaaaaaaaaaaa'),
        admin(dataDir, 'deliveries', 'list'),
        adminJson(dataDir, 'deliveries', 'list', '--event-id', 'ev-other'),
        admin(dataDir, 'deliveries', 'list', '--limit', '0'),
        adminJson(dataDir, 'deliveries', 'list', '--event-type', 'UserJoinRoom'),
        adminJson(dataDir, 'deliveries', 'list', '--status', 'pending'),
        adminJson(dataDir, 'deliveries', 'list', '--status', 'delivered'),
        adminJson(dataDir, 'deliveries', 'list', '--offset', '1', '--limit', '1'),
        admin(dataDir, 'deliveries', 'list', '--status', 'retry'),
      ]);
    const ids = (result: { deliveries: { eventId: string }[] }) => result.deliveries.map((d) => d.eventId);
    assert.deepEqual(ids(ofType), ['ev-later']);
    assert.deepEqual(ids(pending), ['ev-later']);
    assert.deepEqual(ids(delivered), ['ev-cli']);
    assert.deepEqual(ids(paged), ['ev-later']);
    assert.equal(badStatus.code, 1);
    assert.match(badStatus.stderr, /^error: status must be one of pending, delivered, failed, dropped$/m);
    assert.deepEqual(deliveries.deliveries, [
      {
        deliveryId: 7,
        eventId: 'ev-cli',
        appId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
        eventType: 'RoomCreate',
        url: 'https://hooks.example/rtc',
        attempt: 1,
        httpStatus: 200,
        durationMs: 5,
        outcome: 'delivered',
        at: '1970-01-01T00:00:00.000Z',
      },
    ]);
    assert.equal(deliveriesHuman.code, 0, deliveriesHuman.stderr);
    assert.match(deliveriesHuman.stdout, /^deliveries:\n {2}deliveryId=7 {2}eventId=ev-cli .*outcome=delivered/m);
    assert.deepEqual(none.deliveries, []);
    assert.equal(badLimit.code, 1);
    assert.match(badLimit.stderr, /^error: limit must be an integer from 1 to 1000$/m);
    const shown = await adminJson(dataDir, 'deliveries', 'show', '7');
    assert.equal(shown.payload.EventId, 'ev-cli');
    assert.deepEqual(
      shown.attempts.map((a: { attempt: number; signature: { result: string } }) => [a.attempt, a.signature.result]),
      [[1, 'unchecked']],
    );
    // Its subscription is gone (none was made here): nowhere to deliver to.
    const again = await admin(dataDir, 'deliveries', 'redeliver', '7');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error: .*was deleted: there is nowhere to deliver to$/m);
    const unknownTask = await admin(dataDir, 'task', 'timeline', 'record', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'r', 't');
    assert.equal(unknownTask.code, 1);
    assert.match(unknownTask.stderr, /^error: there is no record task with taskId t in room r$/m);
  },
);

test('the admin CLI gives, lists and removes resource packages', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-openapi-cli-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const account = await adminJson(dataDir, 'account', 'create', '--name', 'payer', '--rtc-enabled');
  const pack = await adminJson(
    dataDir,
    'resource-package',
    'add',
    account.accountId,
    '--code',
    'RTC_AUDIO_1K',
    '--minutes',
    '1000',
    '--validity-options',
    '30,90',
  );
  assert.equal(pack.state, 'active');
  assert.equal(pack.remainingMinutes, 1000);
  assert.deepEqual(pack.validityOptions, [30, 90]);
  assert.deepEqual(
    (await adminJson(dataDir, 'resource-package', 'list', account.accountId)).packages.map((p: { id: number }) => p.id),
    [pack.id],
  );
  const noMinutes = await admin(dataDir, 'resource-package', 'add', account.accountId, '--code', 'X', '--minutes', '0');
  assert.notEqual(noMinutes.code, 0);
  assert.match(noMinutes.stderr, /minutes/);
  assert.deepEqual(await adminJson(dataDir, 'resource-package', 'remove', String(pack.id)), {
    removed: String(pack.id),
  });
});
