import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actionNames } from '@rtc-openapi/api';
import { runCli } from '../support/run-cli.js';

describe('rtc-openapi actions', () => {
  test('piped: JSON of every catalogued action', async () => {
    const result = await runCli(['actions']);
    assert.equal(result.code, 0, result.stderr);
    const list = JSON.parse(result.stdout) as Array<{ action: string; versions: string[]; qps: number }>;
    assert.deepEqual(
      list.map((a) => a.action),
      [...actionNames],
    );
    const record = list.find((a) => a.action === 'StartRecord')!;
    assert.deepEqual(record.versions, ['2020-12-01', '2022-06-01', '2023-06-01', '2023-11-01']);
  });

  test('--area filters, as a table when asked', async () => {
    const result = await runCli(['actions', '--area', 'messaging', '--format', 'table']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0]!, /^ACTION\s+AREA\s+METHOD\s+QPS\s+VERSIONS$/);
    assert.deepEqual(
      lines.slice(2).map((l) => l.split(/\s+/)[0]),
      ['BatchSendRoomUnicast', 'SendBroadcast', 'SendRoomUnicast', 'SendUnicast'],
    );
  });

  test('an unknown area is refused with the list of areas', async () => {
    const result = await runCli(['actions', '--area', 'nowhere']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown area; areas: .*messaging.*recording/);
  });
});

describe('rtc-openapi describe', () => {
  test('JSON: method, QPS and every param with required flags and constraints', async () => {
    const result = await runCli(['describe', 'BanRoomUser', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const info = JSON.parse(result.stdout) as {
      version: string;
      method: string;
      qps: number;
      params: Array<{ field: string; required: boolean; constraints: string }>;
    };
    assert.equal(info.version, '2023-11-01');
    assert.equal(info.method, 'POST');
    assert.equal(info.qps, 40);
    const appId = info.params.find((p) => p.field === 'AppId')!;
    assert.equal(appId.required, true);
    const room = info.params.find((p) => p.field === 'RoomId')!;
    assert.equal(room.constraints, 'ID rule');
  });

  test('a pinned version, as a table with nested fields', async () => {
    const result = await runCli(['describe', 'StartRecord', '--version', '2022-06-01', '--format', 'table']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^action:\s+StartRecord 2022-06-01$/m);
    assert.match(result.stdout, /^PARAM\s+TYPE\s+REQUIRED/m);
    assert.match(result.stdout, /^StorageConfig\.\S+/m);
  });

  test('an unknown version names the catalogued ones', async () => {
    const result = await runCli(['describe', 'StartRecord', '--version', '2000-01-01']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /StartRecord has no version 2000-01-01; catalogued: 2020-12-01, 2022-06-01/);
  });
});
