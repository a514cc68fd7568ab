// The authorize stage finds the app a call acts on from the catalog's schema, whatever the version spells it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionSpecs, getActionSpec } from '@rtc-openapi/api';
import { appParamOf, authorize } from '../../src/gateway/authorize.js';
import type { Principal } from '../../src/identity/principal.js';

test('each action-version names its app param: AppId, AppID (GetAllBusinessID) or app_id (legacy whiteboard)', () => {
  const spelled = new Map<string, string[]>();
  for (const spec of actionSpecs) {
    const name = appParamOf(spec) ?? '(none)';
    spelled.set(name, [...(spelled.get(name) ?? []), `${spec.action}@${spec.version}`]);
  }
  assert.deepEqual([...spelled.keys()].sort(), ['(none)', 'AppID', 'AppId', 'app_id']);
  assert.deepEqual(spelled.get('app_id')!.sort(), [
    'WbTranscodeCreate@2020-12-01',
    'WbTranscodeGet@2020-12-01',
    'WbTranscodeQuery@2020-12-01',
  ]);
  assert.ok(spelled.get('AppID')!.includes('GetAllBusinessID@2020-12-01'));
  assert.ok(spelled.get('(none)')!.includes('CreateApp@2023-11-01'));
  assert.equal(appParamOf(getActionSpec('WbTranscodeQuery', '2023-11-01')!), 'AppId');
});

test('the stage hands identity the app_id of a legacy whiteboard call, and the field name for its errors', () => {
  const asked: unknown[][] = [];
  const gate = {
    authorize: (...args: unknown[]) => {
      asked.push(args);
      return undefined;
    },
  };
  const principal = { accountId: 'acc' } as Principal;
  authorize(gate, principal, getActionSpec('WbTranscodeQuery', '2020-12-01')!, { app_id: 'app1', task_id: 't' });
  authorize(gate, principal, getActionSpec('WbTranscodeQuery', '2023-11-01')!, { AppId: 'app2', TaskId: 't' });
  // Not a string, or empty: left to the schema check, which names the field.
  authorize(gate, principal, getActionSpec('WbTranscodeQuery', '2020-12-01')!, { app_id: 7 });
  authorize(gate, principal, getActionSpec('CreateApp', '2023-11-01')!, { AppName: 'x' });
  assert.deepEqual(asked, [
    [principal, 'WbTranscodeQuery', 'app1', 'app_id'],
    [principal, 'WbTranscodeQuery', 'app2', 'AppId'],
    [principal, 'WbTranscodeQuery', undefined, 'app_id'],
    [principal, 'CreateApp', undefined, undefined],
  ]);
});
