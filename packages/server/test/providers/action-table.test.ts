import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionSpecs, getActionSpec } from '@rtc-openapi/api';
import { buildActionTable } from '../../src/providers/action-table.js';
import { defineProvider, type CallContext, type Provider } from '../../src/providers/provider.js';
import { providersOfTheServer } from '../../scripts/action-coverage.js';
import { withStubs } from '../support/stub-providers.js';

const ctx = (action: string, version: string): CallContext => ({
  requestId: 'r',
  principal: { accountId: '1', userId: '1', userName: 'root', isMainUser: true, accessKeyId: 'AK' },
  spec: getActionSpec(action, version)!,
  region: 'cn-north-1',
  now: new Date(0),
  app: { appId: 'a', accountId: '1' },
  events: { enqueue: () => assert.fail('no handler here enqueues events') },
  transaction: (fn) => fn(),
});

test('every catalogued action-version gets its provider handler, and a provider serves exactly one area', async () => {
  const room = defineProvider('room', { KickUser: () => ({ message: 'success' }) });
  const table = buildActionTable(withStubs([room]));
  assert.equal(table.size, actionSpecs.length);
  const kick = getActionSpec('KickUser', '2020-12-01')!;
  assert.deepEqual(await table.get(kick)!({ version: '2020-12-01', params: {} }, ctx('KickUser', '2020-12-01')), {
    message: 'success',
  });
  const servers = buildActionTable(providersOfTheServer());
  assert.equal(servers.size, actionSpecs.length);
});

test('the server does not start when a catalogued action has no handler, and says which', () => {
  const all = providersOfTheServer();
  const withoutDismiss = all.map((p) =>
    p.area === 'room' ? ({ ...p, handlers: { ...p.handlers, DismissRoom: undefined } } as Provider) : p,
  );
  assert.throws(() => buildActionTable(withoutDismiss), /needs a handler; none for DismissRoom \(room\)$/);
  const withoutDetection = all.filter((p) => p.area !== 'detection');
  assert.throws(
    () => buildActionTable(withoutDetection),
    /none for ListDetectionTask \(detection\), StartDetection \(detection\), StopDetection \(detection\)/,
  );
});

test('a provider that registers an action of another area, an unknown action, or an area served already refuses to start', () => {
  // Plain JavaScript (or a cast) can get past the types; the table still refuses.
  const wrongArea = { area: 'room', handlers: { StartRecord: () => 'ok' } } as unknown as Provider;
  assert.throws(() => buildActionTable([wrongArea]), /registers StartRecord, an action of the recording area/);
  const unknown = { area: 'room', handlers: { KickUsers: () => 'ok' } } as unknown as Provider;
  assert.throws(() => buildActionTable([unknown]), /registers KickUsers, which the catalog does not list/);
  const twice = [defineProvider('room', {}), defineProvider('room', {})];
  assert.throws(() => buildActionTable(twice), /two providers serve the catalog area room/);
});

test('the types refuse a misspelt action and an action of another area', () => {
  // @ts-expect-error KickUsers is not an action of the room area (nor of any)
  defineProvider('room', { KickUsers: () => ({ message: 'success' }) });
  // @ts-expect-error StartRecord belongs to the recording area
  defineProvider('room', { StartRecord: () => 'ok' });
  // @ts-expect-error KickUser 2020-12-01 answers { message }, not { Message }
  defineProvider('room', { KickUser: () => ({ Message: 'success' }) });
});
