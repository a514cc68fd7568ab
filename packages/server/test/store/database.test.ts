import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyMigrations, closeDatabase, openDatabase, DATABASE_FILE_NAME } from '../../src/store/database.js';
import { migrations } from '../../src/store/migrations.js';
import { openServices } from '../../src/store/open-services.js';
import { tempDataDir } from './temp-data-dir.js';

test('a new data directory gets the database file, WAL mode, foreign keys and every migration once', (t) => {
  const dataDir = tempDataDir(t);
  const db = openDatabase({ dataDir });
  t.after(() => closeDatabase(db));
  assert.ok(existsSync(join(dataDir, DATABASE_FILE_NAME)));
  assert.equal(statSync(join(dataDir, DATABASE_FILE_NAME)).mode & 0o777, 0o600, 'owner-only database file');
  assert.equal(statSync(join(dataDir, `${DATABASE_FILE_NAME}-wal`)).mode & 0o777, 0o600, 'owner-only WAL file');
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.ok(Number(db.pragma('busy_timeout', { simple: true })) >= 1000);
  const recorded = (db.prepare('SELECT id FROM schema_migrations ORDER BY rowid').all() as { id: string }[]).map(
    (row) => row.id,
  );
  assert.deepEqual(
    recorded,
    migrations.map((m) => m.id),
  );
  assert.deepEqual(applyMigrations(db, migrations), [], 'a second run applies nothing');
});

test('reopening applies only the migrations added since', (t) => {
  const dataDir = tempDataDir(t);
  const first = [{ id: 'test/001', sql: 'CREATE TABLE a (x INTEGER)' }];
  closeDatabase(openDatabase({ dataDir, migrations: first }));
  const more = [...first, { id: 'test/002', sql: 'CREATE TABLE b (y INTEGER)' }];
  const db = openDatabase({ dataDir, migrations: more });
  t.after(() => closeDatabase(db));
  assert.deepEqual(
    (db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: string }[]).map((r) => r.id),
    ['test/001', 'test/002'],
  );
});

test('a failing migration leaves nothing half-applied and the open fails', (t) => {
  const dataDir = tempDataDir(t);
  const broken = [
    { id: 'test/001', sql: 'CREATE TABLE a (x INTEGER)' },
    { id: 'test/002', sql: 'CREATE TABLE b (y INTEGER); CREATE TABLE oops (' },
  ];
  assert.throws(() => openDatabase({ dataDir, migrations: broken }));
  const db = openDatabase({ dataDir, migrations: broken.slice(0, 1) });
  t.after(() => closeDatabase(db));
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
    (r) => r.name,
  );
  assert.ok(tables.includes('a'));
  assert.ok(!tables.includes('b'), 'the failed step rolled back');
});

test('duplicate migration ids are refused', () => {
  assert.throws(
    () =>
      openDatabase({
        filename: ':memory:',
        migrations: [
          { id: 'x/001', sql: 'SELECT 1' },
          { id: 'x/001', sql: 'SELECT 2' },
        ],
      }),
    /duplicate migration id x\/001/,
  );
});

test('a restart keeps accounts, keys, apps, business ids, policies, overrides and the audit trail', async (t) => {
  const dataDir = tempDataDir(t);
  const first = openServices({ dataDir, env: {} });
  const account = await first.identity.createAccount({ name: 'acme', rtcEnabled: true });
  const user = await first.identity.createUser(account.accountId, 'ops');
  const key = await first.identity.createAccessKey(user.userId);
  const policy = await first.identity.attachPolicy(user.userId, { action: 'rtc:ListApps' });
  await first.identity.setRateLimitOverride(account.accountId, 'ListApps', 7);
  const app = await first.apps.createApp(account.accountId, { name: 'demo' });
  await first.apps.addBusinessId(app.appId, 'biz-1', 'first');
  first.audit.recordCall({
    requestId: 'req-1',
    accountId: account.accountId,
    code: 'Success',
    httpStatus: 200,
    latencyMs: 2,
    at: new Date(),
  });
  first.close();

  const second = openServices({ dataDir, env: {} });
  t.after(() => second.close());
  assert.deepEqual(await second.identity.getAccount(account.accountId), account);
  const resolved = await second.identity.resolveAccessKey(key.accessKeyId);
  assert.equal(resolved?.secretAccessKey, key.secretAccessKey);
  assert.equal(resolved?.principal.userName, 'ops');
  assert.deepEqual(await second.identity.listPolicies(user.userId), [policy]);
  assert.deepEqual(await second.identity.getRateLimitOverrides(account.accountId), { ListApps: 7 });
  assert.deepEqual(await second.apps.getApp(app.appId), app);
  assert.equal((await second.apps.listBusinessIds(app.appId, { offset: 0, limit: 10 })).items[0]?.remarks, 'first');
  const audit = await second.audit.query({ accountId: account.accountId });
  assert.equal(audit.entries[0]?.requestId, 'req-1', 'close() wrote the pending audit entry');
});
