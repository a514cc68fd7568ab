import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  actionNames,
  actionSpecs,
  actionVersions,
  DEFAULT_QPS,
  getActionSpec,
  isActionName,
  latestVersion,
  MESSAGING_QPS,
  RtcArgumentError,
} from '../../src/index.js';

interface CatalogRow {
  action: string;
  version: string;
  method: string;
  area: string;
  paramLocation: string;
  qps: string;
}
const catalog = JSON.parse(
  readFileSync(new URL('../../catalog/rtc-api-catalog.json', import.meta.url), 'utf8'),
) as CatalogRow[];

describe('action catalog', () => {
  it('holds 179 action-versions of 97 actions', () => {
    assert.equal(actionSpecs.length, 179);
    assert.equal(actionNames.length, 97);
    assert.equal(new Set(actionSpecs.map((s) => `${s.action}@${s.version}`)).size, 179);
  });

  it('resolves every catalogued action-version with its method, area and param location', () => {
    for (const row of catalog) {
      const spec = getActionSpec(row.action, row.version);
      assert.ok(spec, `${row.action}@${row.version}`);
      assert.equal(spec.method, row.method);
      assert.equal(spec.area, row.area);
      assert.equal(spec.paramsIn, row.paramLocation === 'query' ? 'query' : 'body');
      assert.ok(actionVersions(row.action).includes(row.version));
      assert.ok(isActionName(row.action));
    }
  });

  it('puts GET params in the query, and DeleteCallback (a POST) too', () => {
    for (const s of actionSpecs.filter((x) => x.method === 'GET')) assert.equal(s.paramsIn, 'query', s.action);
    const del = getActionSpec('DeleteCallback', '2020-12-01');
    assert.equal(del?.method, 'POST');
    assert.equal(del?.paramsIn, 'query');
    assert.equal(getActionSpec('StartRecord', '2023-11-01')?.paramsIn, 'body');
  });

  it('lists versions oldest first and knows the newest', () => {
    assert.deepEqual(actionVersions('StartRecord'), ['2020-12-01', '2022-06-01', '2023-06-01', '2023-11-01']);
    assert.equal(latestVersion('StartRecord'), '2023-11-01');
    assert.equal(latestVersion('SendUnicast'), '2023-07-20');
    assert.equal(latestVersion('StartVoiceChat'), '2025-06-01');
    assert.deepEqual(actionVersions('NoSuchAction'), []);
    assert.equal(latestVersion('NoSuchAction'), undefined);
  });

  it('answers undefined for unknown actions and versions', () => {
    assert.equal(getActionSpec('StartRecord', '2019-01-01'), undefined);
    assert.equal(getActionSpec('startrecord', '2023-11-01'), undefined);
    assert.equal(isActionName('Nope'), false);
    assert.equal(isActionName(42), false);
  });

  it('parses the QPS text: documented numbers, the messaging budget, the default', () => {
    const qps = (a: string, v: string) => getActionSpec(a, v)!;
    assert.deepEqual(
      [qps('BanUserStream', '2023-11-01').qps, qps('BanUserStream', '2023-11-01').qpsSource],
      [60, 'documented'],
    );
    assert.equal(qps('ListCallDetail', '2023-11-01').qps, 10);
    assert.equal(qps('GetRoomOnlineUsers', '2023-11-01').qps, 40);
    assert.equal(qps('GetRoomOnlineUsers', '2023-08-01').qpsSource, 'default');
    assert.equal(qps('StartPushMixedStreamToCDN', '2023-11-01').qps, 150);
    const messaging = actionSpecs.filter((s) => s.area === 'messaging');
    assert.equal(messaging.length, 8);
    for (const s of messaging) assert.deepEqual([s.qps, s.rateGroup], [MESSAGING_QPS, 'messaging']);
    const defaults = actionSpecs.filter((s) => s.qpsSource === 'default');
    assert.equal(defaults.length, catalog.filter((r) => r.qps === 'unconfirmed').length);
    for (const s of defaults) assert.equal(s.qps, DEFAULT_QPS);
    for (const s of actionSpecs.filter((x) => x.area !== 'messaging')) assert.equal(s.rateGroup, s.action);
  });

  it('lists the ID fields of each action-version', () => {
    assert.deepEqual(getActionSpec('BanRoomUser', '2023-11-01')?.idFields, ['RoomId', 'UserId']);
    assert.deepEqual(getActionSpec('BatchSendRoomUnicast', '2023-07-20')?.idFields, ['From', 'RoomId', 'To[]']);
    assert.ok(getActionSpec('StartRecord', '2023-11-01')?.idFields.includes('TargetStreams.StreamList[].UserId'));
    assert.ok(getActionSpec('StartSegment', '2023-11-01')?.idFields.includes('Identifier'));
  });

  it('cannot be changed by a caller', () => {
    assert.throws(() => (actionSpecs as unknown as unknown[]).push({}));
    assert.throws(() => {
      (actionSpecs[0] as { qps: number }).qps = 1;
    });
  });

  it('throws RtcArgumentError naming the argument for non-strings', () => {
    assert.throws(() => getActionSpec(undefined as unknown as string, '2023-11-01'), {
      name: 'RtcArgumentError',
      field: 'action',
    });
    assert.throws(() => getActionSpec('StartRecord', 20231101 as unknown as string), RtcArgumentError);
    assert.throws(() => actionVersions(null as unknown as string), { field: 'action' });
    assert.throws(() => latestVersion({} as unknown as string), { field: 'action' });
  });
});
