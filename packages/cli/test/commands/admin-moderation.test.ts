import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { admin, adminJson } from '../support/run-admin.js';

test(
  'the admin CLI sets, lists and removes moderation verdicts, and lists detection results',
  { timeout: 120_000 },
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtc-openapi-cli-moderation-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const account = await adminJson(dataDir, 'account', 'create', '--name', 'acme', '--rtc-enabled');
    const app = await adminJson(dataDir, 'app', 'create', account.accountId, 'demo');

    const room = await adminJson(
      dataDir,
      ...['moderation', 'set', app.appId, 'room-1', '--violation', 'porn@12s', '--violation', 'ad@1500'],
    );
    assert.deepEqual(
      { ...room, updatedAt: undefined },
      {
        appId: app.appId,
        roomId: 'room-1',
        verdict: 'violation',
        violations: [
          { label: 'ad', atMs: 1500 },
          { label: 'porn', atMs: 12_000 },
        ],
        updatedAt: undefined,
      },
    );
    const pass = await adminJson(dataDir, 'moderation', 'set', app.appId, 'room-1', '--user-id', 'alice', '--pass');
    assert.deepEqual([pass.userId, pass.verdict, pass.violations], ['alice', 'pass', []]);
    const listed = await adminJson(dataDir, 'moderation', 'list', app.appId, '--room-id', 'room-1');
    assert.deepEqual(
      listed.rules.map((r: { userId?: string; verdict: string }) => [r.userId ?? '', r.verdict]),
      [
        ['', 'violation'],
        ['alice', 'pass'],
      ],
    );
    const human = await admin(dataDir, 'moderation', 'list', app.appId);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /roomId=room-1 .*verdict=violation/);

    assert.deepEqual(await adminJson(dataDir, 'moderation', 'remove', app.appId, 'room-1', '--user-id', 'alice'), {
      removed: { appId: app.appId, roomId: 'room-1', userId: 'alice' },
    });
    assert.deepEqual(await adminJson(dataDir, 'moderation', 'results', app.appId, '--room-id', 'room-1'), {
      total: 0,
      results: [],
    });

    // Bad input: each refusal names what is wrong, and nothing is written.
    const neither = await admin(dataDir, 'moderation', 'set', app.appId, 'room-2');
    assert.notEqual(neither.code, 0);
    assert.match(neither.stderr, /either --pass or at least one --violation/);
    const both = await admin(dataDir, 'moderation', 'set', app.appId, 'room-2', '--pass', '--violation', 'x@1');
    assert.notEqual(both.code, 0);
    const noTime = await admin(dataDir, 'moderation', 'set', app.appId, 'room-2', '--violation', 'porn', '--json');
    assert.notEqual(noTime.code, 0);
    assert.equal(JSON.parse(noTime.stderr).error.field, 'violations[0]');
    const badTime = await admin(dataDir, 'moderation', 'set', app.appId, 'room-2', '--violation', 'porn@later');
    assert.match(badTime.stderr, /violations\[0\]\.atMs/);
    const unknownApp = await admin(dataDir, 'moderation', 'list', 'ffffffffffffffffffffffff', '--json');
    assert.equal(JSON.parse(unknownApp.stderr).error.code, 'not-found');
    const missing = await admin(dataDir, 'moderation', 'remove', app.appId, 'room-2', '--json');
    assert.deepEqual(JSON.parse(missing.stderr).error.field, 'roomId');
    const after = await adminJson(dataDir, 'moderation', 'list', app.appId);
    assert.deepEqual(
      after.rules.map((r: { roomId: string }) => r.roomId),
      ['room-1'],
    );
  },
);
