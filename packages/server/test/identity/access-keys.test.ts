import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ACCESS_KEY_ID_PATTERN } from '../../src/identity/credential-format.js';
import { openServices } from '../../src/store/open-services.js';
import { tempDataDir, tempServices } from '../store/temp-data-dir.js';

test('a created key shows its secret once; listing never does', async (t) => {
  const { identity } = tempServices(t);
  const account = await identity.createAccount({ name: 'acme', rtcEnabled: true });
  assert.match(account.accountId, /^21[0-9]{8}$/);
  const key = await identity.createAccessKey(account.mainUserId);
  assert.match(key.accessKeyId, ACCESS_KEY_ID_PATTERN);
  assert.ok(key.accessKeyId.length >= 44);
  assert.match(key.secretAccessKey, /^[A-Za-z0-9]{40,}$/);
  assert.equal(key.status, 'active');
  const listed = await identity.listAccessKeys({ userId: account.mainUserId });
  assert.equal(listed.length, 1);
  assert.equal(listed[0]?.accessKeyId, key.accessKeyId);
  assert.ok(!JSON.stringify(listed).includes(key.secretAccessKey));
  assert.ok(!('secretAccessKey' in listed[0]!));
  assert.deepEqual(await identity.listAccessKeys({ accountId: account.accountId }), listed);
});

test('secrets are encrypted at rest: the raw database row holds no plaintext', async (t) => {
  const services = tempServices(t);
  const account = await services.identity.createAccount({ rtcEnabled: true });
  const key = await services.identity.createAccessKey(account.mainUserId);
  const app = await services.apps.createApp(account.accountId, { name: 'demo' });
  services.close();

  // The stored rows, as anyone with a copy of the data directory sees them.
  const raw = openServices({ dataDir: services.dataDir, env: {} });
  t.after(() => raw.close());
  const row = raw.db.prepare('SELECT * FROM access_keys WHERE access_key_id = ?').get(key.accessKeyId) as Record<
    string,
    unknown
  >;
  const rowText = JSON.stringify(row) + Buffer.from(row.secret_ciphertext as Buffer).toString('latin1');
  assert.ok(!rowText.includes(key.secretAccessKey));
  assert.ok(!rowText.includes(Buffer.from(key.secretAccessKey).toString('base64')));
  const appRow = raw.db.prepare('SELECT * FROM apps WHERE app_id = ?').get(app.appId) as Record<string, Buffer>;
  const appText = Buffer.concat([appRow.app_key_ciphertext!, appRow.secondary_app_key_ciphertext!]).toString('latin1');
  assert.ok(!appText.includes(app.appKey) && !appText.includes(app.secondaryAppKey));
  // And the whole file: no plaintext secret anywhere in it.
  raw.db.pragma('wal_checkpoint(TRUNCATE)');
  const file = readFileSync(`${services.dataDir}/rtc.sqlite`).toString('latin1');
  assert.ok(!file.includes(key.secretAccessKey));
  assert.ok(!file.includes(app.appKey));
  // Copying a ciphertext onto another key's row does not make it decrypt there.
  const other = await raw.identity.createAccessKey(account.mainUserId);
  raw.db
    .prepare('UPDATE access_keys SET secret_ciphertext = ? WHERE access_key_id = ?')
    .run(row.secret_ciphertext, other.accessKeyId);
  assert.throws(() => raw.identity.resolveAccessKey(other.accessKeyId));
});

test('a busy key, known or unknown, is read from the database once, not once per request', async (t) => {
  // A minute of cache, so that a slow machine cannot make the test see an expired entry.
  const { identity, db } = tempServices(t, { cacheMs: 60_000 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const known = await identity.createAccessKey(account.mainUserId);
  assert.ok(await identity.resolveAccessKey(known.accessKeyId));
  // Writes behind the service's back are not seen while the entry lives: the lookups are served from memory.
  db.prepare("UPDATE access_keys SET status = 'disabled' WHERE access_key_id = ?").run(known.accessKeyId);
  assert.equal((await identity.resolveAccessKey(known.accessKeyId))?.secretAccessKey, known.secretAccessKey);

  const unknown = await identity.createAccessKey(account.mainUserId);
  db.prepare("UPDATE access_keys SET status = 'disabled' WHERE access_key_id = ?").run(unknown.accessKeyId);
  assert.equal(await identity.resolveAccessKey(unknown.accessKeyId), undefined);
  db.prepare("UPDATE access_keys SET status = 'active' WHERE access_key_id = ?").run(unknown.accessKeyId);
  assert.equal(await identity.resolveAccessKey(unknown.accessKeyId), undefined, 'an unknown key is remembered too');
  // A write through the service drops the entry at once.
  await identity.setAccessKeyStatus(unknown.accessKeyId, 'active');
  assert.equal((await identity.resolveAccessKey(unknown.accessKeyId))?.secretAccessKey, unknown.secretAccessKey);
});

test('a key created with an id that was asked for before it existed resolves at once', async (t) => {
  const { identity } = tempServices(t, { cacheMs: 60_000 });
  const account = await identity.createAccount({ rtcEnabled: true });
  const accessKeyId = 'AKLTfixedDevKey000000000000000000000000000000';
  assert.equal(await identity.resolveAccessKey(accessKeyId), undefined);
  const key = await identity.createAccessKey(account.mainUserId, { accessKeyId });
  assert.equal((await identity.resolveAccessKey(accessKeyId))?.secretAccessKey, key.secretAccessKey);
});

test('resolve → disable → unresolvable at once → enable → resolvable → delete → gone', async (t) => {
  const { identity } = tempServices(t);
  const account = await identity.createAccount({ rtcEnabled: true });
  const key = await identity.createAccessKey(account.mainUserId);
  const resolved = await identity.resolveAccessKey(key.accessKeyId);
  assert.deepEqual(resolved, {
    secretAccessKey: key.secretAccessKey,
    principal: {
      accountId: account.accountId,
      userId: account.mainUserId,
      userName: 'root',
      isMainUser: true,
      accessKeyId: key.accessKeyId,
    },
  });
  assert.equal((await identity.setAccessKeyStatus(key.accessKeyId, 'disabled')).status, 'disabled');
  assert.equal(await identity.resolveAccessKey(key.accessKeyId), undefined, 'the cached secret was dropped');
  await identity.setAccessKeyStatus(key.accessKeyId, 'active');
  assert.equal((await identity.resolveAccessKey(key.accessKeyId))?.secretAccessKey, key.secretAccessKey);
  await identity.deleteAccessKey(key.accessKeyId);
  assert.equal(await identity.resolveAccessKey(key.accessKeyId), undefined);
  assert.equal(await identity.getAccessKey(key.accessKeyId), undefined);
  await assert.rejects(identity.deleteAccessKey(key.accessKeyId), { name: 'RecordError', kind: 'not-found' });
  assert.equal(await identity.resolveAccessKey('AKLTunknown'), undefined);
});

test('a key disabled by another process (the admin CLI) stops resolving once the cache time has passed', async (t) => {
  const dataDir = tempDataDir(t);
  const server = openServices({ dataDir, env: {}, cacheMs: 0 });
  t.after(() => server.close());
  const account = await server.identity.createAccount({ rtcEnabled: true });
  const key = await server.identity.createAccessKey(account.mainUserId);
  assert.ok(await server.identity.resolveAccessKey(key.accessKeyId));
  const cli = openServices({ dataDir, env: {} });
  await cli.identity.setAccessKeyStatus(key.accessKeyId, 'disabled');
  cli.close();
  assert.equal(await server.identity.resolveAccessKey(key.accessKeyId), undefined);
});

test('RTC enablement and policies changed by another process apply to a server without caching at once', async (t) => {
  const dataDir = tempDataDir(t);
  const server = openServices({ dataDir, env: {}, cacheMs: 0 });
  t.after(() => server.close());
  const account = await server.identity.createAccount({ rtcEnabled: true });
  const user = await server.identity.createUser(account.accountId, 'ops');
  const key = await server.identity.createAccessKey(user.userId);
  const principal = (await server.identity.resolveAccessKey(key.accessKeyId))!.principal;
  await assert.rejects(async () => server.identity.authorize(principal, 'ListApps', undefined), { code: 'LackPolicy' });
  const cli = openServices({ dataDir, env: {} });
  await cli.identity.attachPolicy(user.userId, { action: '*' });
  await server.identity.authorize(principal, 'ListApps', undefined);
  await cli.identity.setRtcEnabled(account.accountId, false);
  cli.close();
  await assert.rejects(async () => server.identity.authorize(principal, 'ListApps', undefined), {
    code: 'AccessDenied.ServiceNotEnabled',
  });
});

test('sub-user keys resolve to the sub-user; given ids and secrets are checked', async (t) => {
  const { identity } = tempServices(t);
  const account = await identity.createAccount({ rtcEnabled: true });
  const user = await identity.createUser(account.accountId, 'ops');
  const key = await identity.createAccessKey(user.userId);
  const principal = (await identity.resolveAccessKey(key.accessKeyId))?.principal;
  assert.equal(principal?.isMainUser, false);
  assert.equal(principal?.userName, 'ops');
  await assert.rejects(identity.createAccessKey(user.userId, { accessKeyId: 'AK-bad' }), { field: 'accessKeyId' });
  await assert.rejects(identity.createAccessKey(user.userId, { accessKeyId: key.accessKeyId }), { kind: 'conflict' });
  await assert.rejects(identity.createAccessKey('999'), { kind: 'not-found', field: 'userId' });
  await assert.rejects(identity.createUser(account.accountId, 'ops'), { kind: 'conflict', field: 'userName' });
  await assert.rejects(identity.createUser(account.accountId, 'bad name'), { kind: 'invalid', field: 'userName' });
  assert.ok(await identity.hasAccessKeySecret(key.accessKeyId, key.secretAccessKey));
  assert.ok(!(await identity.hasAccessKeySecret(key.accessKeyId, 'x'.repeat(64))));
});
