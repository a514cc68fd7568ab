import assert from 'node:assert/strict';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { adminMigrations } from '../../src/admin/migrations.js';
import { AuditLog } from '../../src/admin/audit-log.js';
import type { AuditEntry } from '../../src/admin/audit-store.js';
import { ROWS_PER_INSERT, SqliteAuditStore } from '../../src/admin/sqlite-audit-store.js';
import { applyMigrations, openDatabase, closeDatabase, type Database } from '../../src/store/database.js';
import { openServices } from '../../src/store/open-services.js';
import { tempDataDir } from '../store/temp-data-dir.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function entry(i: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    requestId: `req-${i}`,
    accountId: i % 2 === 0 ? '2100000001' : '2100000002',
    userId: '100000001',
    accessKeyId: 'AKLT' + 'A'.repeat(40),
    action: i % 3 === 0 ? 'ListApps' : 'StartRecord',
    version: '2023-11-01',
    code: i % 5 === 0 ? 'InvalidParameter' : 'Success',
    httpStatus: i % 5 === 0 ? 400 : 200,
    latencyMs: 1 + i / 10,
    at: new Date(T0 + i * 1000),
    ...overrides,
  };
}

function rowCount(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

test('recordCall only buffers; a full batch is written in one go on a later turn', async (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => closeDatabase(db));
  const log = new AuditLog({ store: new SqliteAuditStore(db), batchSize: 10, flushIntervalMs: 3_600_000 });
  t.after(() => log.close());
  for (let i = 0; i < 9; i += 1) log.recordCall(entry(i));
  await nextTurn();
  assert.equal(log.pendingCount, 9);
  assert.equal(rowCount(db), 0, 'nothing written below a batch');
  log.recordCall(entry(9));
  assert.equal(rowCount(db), 0, 'not written inside the calling turn');
  await nextTurn();
  await nextTurn();
  assert.equal(rowCount(db), 10);
  assert.equal(log.pendingCount, 0);
});

test('the timer writes a partial batch', async (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => closeDatabase(db));
  const log = new AuditLog({ store: new SqliteAuditStore(db), batchSize: 1000, flushIntervalMs: 10, retentionDays: 0 });
  t.after(() => log.close());
  log.recordCall(entry(1));
  // Wait for the write itself, whatever the machine's speed; the test asserts that it happens, not when.
  for (let i = 0; i < 500 && rowCount(db) === 0; i += 1) await sleep(10);
  assert.equal(rowCount(db), 1);
});

test('query filters by account, action, code and time range, newest first, with paging', async (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => closeDatabase(db));
  const log = new AuditLog({ store: new SqliteAuditStore(db), flushIntervalMs: 3_600_000 });
  t.after(() => log.close());
  for (let i = 0; i < 30; i += 1) log.recordCall(entry(i));

  const all = await log.query({});
  assert.equal(all.total, 30);
  assert.deepEqual(
    all.entries.slice(0, 2).map((e) => e.requestId),
    ['req-29', 'req-28'],
  );
  assert.deepEqual(all.entries[1], entry(28), 'an entry reads back as recorded');

  const byAccount = await log.query({ accountId: '2100000002' });
  assert.equal(byAccount.total, 15);
  assert.ok(byAccount.entries.every((e) => e.accountId === '2100000002'));

  const listApps = await log.query({ action: 'ListApps' });
  assert.equal(listApps.total, 10);
  const failures = await log.query({ code: 'InvalidParameter' });
  assert.deepEqual(
    failures.entries.map((e) => e.requestId),
    ['req-25', 'req-20', 'req-15', 'req-10', 'req-5', 'req-0'],
  );

  const window = await log.query({ from: new Date(T0 + 10_000), to: new Date(T0 + 20_000) });
  assert.equal(window.total, 10, 'from is inclusive, to exclusive');
  assert.equal(window.entries[0]?.requestId, 'req-19');

  const combined = await log.query({ accountId: '2100000001', action: 'ListApps', code: 'Success' });
  assert.deepEqual(
    combined.entries.map((e) => e.requestId),
    ['req-24', 'req-18', 'req-12', 'req-6'],
  );

  const page = await log.query({ offset: 5, limit: 3 });
  assert.equal(page.total, 30);
  assert.deepEqual(
    page.entries.map((e) => e.requestId),
    ['req-24', 'req-23', 'req-22'],
  );

  const minimal = entry(100, {
    accountId: undefined,
    userId: undefined,
    accessKeyId: undefined,
    action: undefined,
    version: undefined,
    code: 'MissingParameter',
  });
  log.recordCall(minimal);
  assert.deepEqual((await log.query({ code: 'MissingParameter' })).entries, [
    { requestId: 'req-100', code: 'MissingParameter', httpStatus: 400, latencyMs: 11, at: minimal.at },
  ]);
});

test('a failed write keeps the entries and retries them', async (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => closeDatabase(db));
  const errors: unknown[] = [];
  const log = new AuditLog({
    store: new SqliteAuditStore(db),
    flushIntervalMs: 3_600_000,
    onError: (e) => errors.push(e),
  });
  t.after(() => log.close());
  // The table goes away for a while, so the writer's insert finds no table.
  db.exec('ALTER TABLE audit_log RENAME TO audit_log_away');
  log.recordCall(entry(1));
  assert.equal(log.flushNow(), 0);
  assert.equal(errors.length, 1);
  assert.equal(log.pendingCount, 1);
  db.exec('ALTER TABLE audit_log_away RENAME TO audit_log');
  assert.equal(log.flushNow(), 1);
  assert.equal((await log.query({})).entries[0]?.requestId, 'req-1');
});

test('close writes what is pending; the trail survives a restart', async (t) => {
  const dataDir = tempDataDir(t);
  const first = openServices({ dataDir, env: {}, audit: { flushIntervalMs: 3_600_000 } });
  for (let i = 0; i < 3; i += 1) first.audit.recordCall(entry(i));
  first.close();
  first.audit.recordCall(entry(99));
  const second = openServices({ dataDir, env: {} });
  t.after(() => second.close());
  const found = await second.audit.query({});
  assert.deepEqual(
    found.entries.map((e) => e.requestId),
    ['req-2', 'req-1', 'req-0'],
  );
});

test('entries older than the retention time are pruned; 0 keeps everything', async (t) => {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => closeDatabase(db));
  const now = T0 + 40 * 86_400_000;
  const log = new AuditLog({
    store: new SqliteAuditStore(db),
    flushIntervalMs: 3_600_000,
    retentionDays: 30,
    now: () => now,
  });
  t.after(() => log.close());
  log.recordCall(entry(1, { at: new Date(now - 31 * 86_400_000) }));
  log.recordCall(entry(2, { at: new Date(now - 29 * 86_400_000) }));
  log.flushNow();
  assert.equal(log.prune(), 1);
  assert.deepEqual(
    (await log.query({})).entries.map((e) => e.requestId),
    ['req-2'],
  );
  const keepAll = new AuditLog({
    store: new SqliteAuditStore(db),
    flushIntervalMs: 3_600_000,
    retentionDays: 0,
    now: () => now + 1e12,
  });
  t.after(() => keepAll.close());
  assert.equal(keepAll.prune(), 0);
  assert.equal((await keepAll.query({})).total, 1);
  assert.throws(
    () => openServices({ filename: ':memory:', env: { RTC_AUDIT_RETENTION_DAYS: 'week' } }),
    /RTC_AUDIT_RETENTION_DAYS/,
  );
});

test('the worker writer: entries are committed off the main thread, queried, and kept by close', async (t) => {
  const dataDir = tempDataDir(t);
  const errors: unknown[] = [];
  const first = openServices({
    dataDir,
    env: {},
    audit: { writer: 'worker', batchSize: 4, flushIntervalMs: 3_600_000, onError: (e) => errors.push(e) },
  });
  for (let i = 0; i < 10; i += 1) first.audit.recordCall(entry(i));
  const found = await first.audit.query({ limit: 3 });
  assert.equal(found.total, 10, 'a query waits for what was recorded before it');
  assert.deepEqual(found.entries[0], entry(9));
  first.audit.recordCall(entry(10));
  first.audit.recordCall(entry(11));
  first.close();
  const second = openServices({ dataDir, env: {} });
  t.after(() => second.close());
  assert.equal((await second.audit.query({})).total, 12, 'close waited for the worker to commit the rest');
  assert.deepEqual(errors, []);
});

test('batches larger than one multi-row insert keep every row and value, on this thread and in the worker', async (t) => {
  // ROWS_PER_INSERT rows go in one statement; 2.5 of those leaves a remainder written row by row.
  const count = Math.floor(ROWS_PER_INSERT * 2.5);
  // Every other row changes one field of the caller and answer alone, so that a value carried over from the row
  // before would show.
  const fixed = { ...entry(0), code: 'Success', httpStatus: 200 };
  const variants: Partial<AuditEntry>[] = [
    { accountId: '2100000009' },
    { userId: 'another-user' },
    { accessKeyId: 'AKLTother' },
    { action: 'StartRecord' },
    { version: '2020-12-01' },
    { code: 'InvalidParameter.NotExistAppId' },
    { httpStatus: 400 },
    { accountId: undefined, userId: undefined, accessKeyId: undefined },
  ];
  const rowOf = (i: number): AuditEntry =>
    entry(i, {
      ...fixed,
      requestId: `req-${i}`,
      at: new Date(T0 + i * 1000),
      ...(i % 2 === 1 ? variants[(i >> 1) % variants.length] : {}),
    });
  const expected = Array.from(
    { length: count },
    (_, i) => JSON.parse(JSON.stringify(rowOf(i))) as Record<string, unknown>,
  );
  const dataDir = tempDataDir(t);
  for (const writer of ['main', 'worker'] as const) {
    const services = openServices({ dataDir: `${dataDir}/${writer}`, env: {}, audit: { writer } });
    t.after(() => services.close());
    for (let i = 0; i < count; i += 1) services.audit.recordCall(rowOf(i));
    const found = await services.audit.query({ limit: 1000 });
    assert.equal(found.total, count, writer);
    const oldestFirst = found.entries.reverse().map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    assert.deepEqual(oldestFirst, expected, writer);
  }
});

test('recordRequest records a request log line as the entry recordCall would (OK as Success, at from receivedAtMs)', async () => {
  const db = openDatabase({ filename: ':memory:' });
  const log = new AuditLog({ store: new SqliteAuditStore(db) });
  try {
    const ids = { accountId: '2100000001', userId: '100000001', accessKeyId: 'AKLT' + 'A'.repeat(40) };
    const call = { action: 'GetRoomOnlineUsers', version: '2023-11-01', latencyMs: 0.512 };
    log.recordRequest({ requestId: 'req-ok', ...ids, ...call, code: 'OK', status: 200 }, T0 + 5);
    log.recordRequest(
      { requestId: 'req-throttled', ...ids, ...call, code: 'FlowLimitExceeded.QPSOverLimit', status: 429 },
      T0,
    );
    log.recordRequest({ requestId: 'req-no-user', accountId: '2100000001', ...call, code: 'OK', status: 200 }, T0 - 5);
    const { entries } = await log.query();
    assert.deepEqual(entries, [
      { requestId: 'req-ok', ...ids, ...call, code: 'Success', httpStatus: 200, at: new Date(T0 + 5) },
      {
        requestId: 'req-throttled',
        ...ids,
        ...call,
        code: 'FlowLimitExceeded.QPSOverLimit',
        httpStatus: 429,
        at: new Date(T0),
      },
      {
        requestId: 'req-no-user',
        accountId: '2100000001',
        ...call,
        code: 'Success',
        httpStatus: 200,
        at: new Date(T0 - 5),
      },
    ]);
  } finally {
    log.close();
    closeDatabase(db);
  }
});

/** An entry as read back: without the fields it never had (not as undefined ones). */
const asRead = (e: AuditEntry) => Object.fromEntries(Object.entries(e).filter(([, value]) => value !== undefined));

/** Entries with odd values and NULLs in every column that takes them. */
function oddEntries(): AuditEntry[] {
  const entries = Array.from({ length: 12 }, (_, i) => entry(i));
  entries.push(
    entry(12, { accountId: undefined, userId: undefined, accessKeyId: undefined, code: 'MissingParameter' }),
    entry(13, { action: 'Odd"Action\n', version: undefined }),
    entry(14, { action: undefined, version: undefined, code: 'InvalidActionOrVersion', httpStatus: 404 }),
    entry(15, { userId: "O'Brien \u2028 \u{1F600} \\", accessKeyId: '\u0000x', latencyMs: 0, at: new Date(0) }),
    entry(16, { requestId: 'req-3', latencyMs: 1234567.125, at: new Date(8_640_000_000_000_000), httpStatus: 599 }),
  );
  return entries;
}

/** Distinct callers and answers (the seven values a shape held) among the entries. */
function shapeCount(entries: AuditEntry[]): number {
  return new Set(
    entries.map((e) =>
      JSON.stringify([e.accountId, e.userId, e.accessKeyId, e.action, e.version, e.code, e.httpStatus]),
    ),
  ).size;
}

test('migrations 002 and 003 keep every entry of a trail written before them, and seq goes on', async (t) => {
  const db = openDatabase({ filename: ':memory:', migrations: adminMigrations.slice(0, 1) });
  t.after(() => closeDatabase(db));
  const before = oddEntries();
  const insertOld = db.prepare(
    'INSERT INTO audit_log (request_id, account_id, user_id, access_key_id, action, version, code, http_status, ' +
      'latency_ms, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const e of before) {
    insertOld.run(
      e.requestId,
      e.accountId ?? null,
      e.userId ?? null,
      e.accessKeyId ?? null,
      e.action ?? null,
      e.version ?? null,
      e.code,
      e.httpStatus,
      e.latencyMs,
      e.at.getTime(),
    );
  }
  const rowsBefore = db.prepare('SELECT * FROM audit_log ORDER BY seq').all();

  // Through the shapes (002): the view shows every row as it was.
  assert.deepEqual(applyMigrations(db, adminMigrations.slice(0, 2)), ['admin/002-audit-shapes']);
  assert.equal((db.prepare('SELECT count(*) AS n FROM audit_shape').get() as { n: number }).n, shapeCount(before));
  assert.deepEqual(db.prepare('SELECT * FROM audit_log ORDER BY seq').all(), rowsBefore);

  // And back to plain rows (003): the same rows, seq included.
  assert.deepEqual(applyMigrations(db, adminMigrations), ['admin/003-audit-log-plain']);
  assert.deepEqual(db.prepare('SELECT * FROM audit_log ORDER BY seq').all(), rowsBefore);
  const log = new AuditLog({ store: new SqliteAuditStore(db), flushIntervalMs: 3_600_000, retentionDays: 0 });
  t.after(() => log.close());
  assert.deepEqual((await log.query({ limit: 1000 })).entries, before.toSorted(newestFirst).map(asRead));
  log.recordCall(entry(20));
  log.flushNow();
  const last = db.prepare('SELECT seq, request_id FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  assert.deepEqual(last, { seq: before.length + 1, request_id: 'req-20' });
});

/** Newest first, as a query answers (oddEntries' times are all distinct). */
function newestFirst(a: AuditEntry, b: AuditEntry): number {
  return b.at.getTime() - a.at.getTime();
}

test('migration 003 moves a trail stored as shapes back into plain rows (odd values, NULLs, pruned calls)', async (t) => {
  const db = openDatabase({ filename: ':memory:', migrations: adminMigrations.slice(0, 2) });
  t.after(() => closeDatabase(db));
  // Written as the shapes writer wrote them: a shape per distinct caller and answer, keyed by the JSON array of its
  // seven values, and a call row per call holding the shape's id.
  const upsertShape = db.prepare<unknown[], { id: number }>(
    'INSERT INTO audit_shape (shape_key, account_id, user_id, access_key_id, action, version, code, http_status) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shape_key) DO UPDATE SET shape_key = excluded.shape_key ' +
      'RETURNING id',
  );
  const insertCall = db.prepare('INSERT INTO audit_call (request_id, shape_id, latency_ms, at_ms) VALUES (?, ?, ?, ?)');
  const record = (e: AuditEntry) => {
    const shape = [
      e.accountId ?? null,
      e.userId ?? null,
      e.accessKeyId ?? null,
      e.action ?? null,
      e.version ?? null,
      e.code,
      e.httpStatus,
    ];
    const { id } = upsertShape.get(JSON.stringify(shape), ...shape)!;
    insertCall.run(e.requestId, id, e.latencyMs, e.at.getTime());
  };
  const kept = oddEntries();
  // Calls pruned before the migration, the newest among them too: their shapes stay, their seq is not reused.
  const pruned = [entry(30, { userId: 'gone-user' }), entry(31, { code: 'Gone', httpStatus: 410 })];
  for (const e of [pruned[0]!, ...kept, pruned[1]!]) record(e);
  db.prepare(`DELETE FROM audit_call WHERE request_id IN ('req-30', 'req-31')`).run();
  const shapeRows = (db.prepare('SELECT count(*) AS n FROM audit_shape').get() as { n: number }).n;
  assert.equal(shapeRows, shapeCount(kept) + 2, 'the pruned calls keep their shapes');
  const viewBefore = db.prepare('SELECT * FROM audit_log ORDER BY seq').all();
  assert.equal(viewBefore.length, kept.length);

  assert.deepEqual(applyMigrations(db, adminMigrations), ['admin/003-audit-log-plain']);
  const schema = db.prepare(`SELECT type, name FROM sqlite_master WHERE name LIKE 'audit%' ORDER BY name`).all() as {
    type: string;
    name: string;
  }[];
  assert.deepEqual(schema, [
    { type: 'table', name: 'audit_log' },
    { type: 'index', name: 'audit_log_by_account' },
    { type: 'index', name: 'audit_log_by_time' },
  ]);
  assert.deepEqual(db.prepare('SELECT * FROM audit_log ORDER BY seq').all(), viewBefore, 'every row, seq included');
  const log = new AuditLog({ store: new SqliteAuditStore(db), flushIntervalMs: 3_600_000, retentionDays: 0 });
  t.after(() => log.close());
  assert.deepEqual((await log.query({ limit: 1000 })).entries, kept.toSorted(newestFirst).map(asRead));
  assert.deepEqual(
    (await log.query({ accountId: '2100000001', action: 'ListApps', code: 'Success' })).entries.map((e) => e.requestId),
    ['req-6'],
  );
  assert.deepEqual(
    (await log.query({ code: 'MissingParameter' })).entries,
    [asRead(kept[12]!)],
    'NULL caller fields read back as absent',
  );

  // New calls come after every call ever stored, the pruned newest one included.
  log.recordCall(entry(40));
  log.flushNow();
  const seqs = db.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all() as number[];
  assert.equal(seqs.at(-1), kept.length + pruned.length + 1);
});
