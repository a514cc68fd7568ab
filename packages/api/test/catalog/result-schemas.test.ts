import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { actionSpecs, getActionSpec } from '../../src/index.js';
import { exampleFor } from '../validation/example-params.js';

const result = (action: string, version: string) => getActionSpec(action, version)!.result;

describe('result schemas', () => {
  it('accept a complete example of every action-version, and an empty object where the result is an object', () => {
    for (const spec of actionSpecs) {
      assert.ok(Value.Check(spec.result, exampleFor(spec.result, true)), `${spec.action}@${spec.version}`);
      if ((spec.result as { type?: string }).type === 'object') assert.ok(Value.Check(spec.result, {}));
    }
  });

  it('describe the documented shapes: bare strings, lower-case legacy keys, typed objects', () => {
    assert.ok(Value.Check(result('StartRecord', '2023-11-01'), 'ok'));
    assert.equal(Value.Check(result('StartRecord', '2023-11-01'), { Message: 'ok' }), false);
    assert.ok(Value.Check(result('KickUser', '2020-12-01'), { message: 'success' }));
    const online = result('GetRoomOnlineUsers', '2023-11-01');
    assert.ok(Value.Check(online, { RoomExists: true, TotalUser: 2, VisibleUserList: ['a', 'b'] }));
    assert.ok(Value.Check(online, { RoomExists: false }), 'fields absent when the room does not exist (§2.2)');
    assert.equal(Value.Check(online, { TotalUser: 'two' }), false);
    assert.ok(Value.Check(result('StartWebcast', '2023-11-01'), { anything: [1] }), 'untyped results accept anything');
  });
});
