import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  actionSpecs,
  getActionSpec,
  RtcArgumentError,
  validateParams,
  type ActionSpec,
  type ValidateOptions,
} from '../../src/index.js';
import { exampleFor, setAtIdPath } from './example-params.js';

function spec(action: string, version: string): ActionSpec {
  const s = getActionSpec(action, version);
  assert.ok(s, `${action}@${version} is catalogued`);
  return s;
}

const startRecord = spec('StartRecord', '2023-11-01');
const validStartRecord = () => ({
  AppId: '661e6ab5d8b1f2012a3b4c5d',
  RoomId: 'room-1',
  TaskId: 'task_1',
  StorageConfig: { Type: 0, TosConfig: { AccountId: 'acc', Bucket: 'b' } },
  TargetStreams: { StreamList: [{ UserId: 'alice', StreamType: 0 }] },
  Encode: { VideoWidth: 640, VideoHeight: 480, VideoFps: 15 },
});

describe('validateParams', () => {
  it('accepts a valid StartRecord request, extra unknown fields included', () => {
    assert.equal(validateParams(startRecord, validStartRecord()), undefined);
    assert.equal(validateParams(startRecord, { ...validStartRecord(), SomethingNew: { a: 1 } }), undefined);
  });

  it('accepts a minimal and a complete example of every catalogued action-version', () => {
    for (const s of actionSpecs) {
      for (const all of [false, true]) {
        const issue = validateParams(s, exampleFor(s.params, all));
        assert.equal(issue, undefined, `${s.action}@${s.version} (${all ? 'complete' : 'minimal'}): ${issue?.message}`);
      }
    }
  });

  it('names an absent required field with MissingParameter', () => {
    const params: Record<string, unknown> = validStartRecord();
    delete params.TaskId;
    assert.deepEqual(validateParams(startRecord, params), {
      field: 'TaskId',
      code: 'MissingParameter',
      message: 'TaskId is required',
    });
    assert.equal(validateParams(startRecord, { ...validStartRecord(), TaskId: undefined })?.code, 'MissingParameter');
  });

  it('names a nested field of the wrong type by its dotted path', () => {
    const params = validStartRecord();
    (params.Encode as Record<string, unknown>).VideoFps = '15';
    const issue = validateParams(startRecord, params);
    assert.equal(issue?.field, 'Encode.VideoFps');
    assert.equal(issue?.code, 'InvalidParameter');
    assert.match(issue!.message, /^Encode\.VideoFps must be an integer in \[1, 60\], got a string$/);
  });

  it('rejects a bad ID inside an array with the index in the path', () => {
    const params = validStartRecord();
    params.TargetStreams.StreamList.push({ UserId: 'bob smith', StreamType: 0 });
    const issue = validateParams(startRecord, params);
    assert.equal(issue?.field, 'TargetStreams.StreamList[1].UserId');
    assert.equal(issue?.code, 'InvalidParameter');
    assert.equal(
      issue!.message,
      'TargetStreams.StreamList[1].UserId must be an ID (1 to 128 characters from a-z A-Z 0-9 @ . _ -), got the character " "',
    );
  });

  it('never echoes a string value (it may be a token)', () => {
    const issue = validateParams(spec('LimitTokenPrivilege', '2023-11-01'), {
      AppId: 'a',
      RoomId: 'r',
      UserId: 'u',
      Token: 'secret-token-value',
      ForbiddenInterval: 'secret-token-value',
    });
    assert.equal(issue?.field, 'ForbiddenInterval');
    assert.doesNotMatch(issue!.message, /secret/);
  });

  it('uses InvalidParameter.IllegalRoomID for a malformed RoomId and IllegalFrom/IllegalTo in messaging', () => {
    assert.equal(
      validateParams(startRecord, { ...validStartRecord(), RoomId: 'room/1' })?.code,
      'InvalidParameter.IllegalRoomID',
    );
    const batch = spec('BatchSendRoomUnicast', '2023-07-20');
    const message = { AppId: 'a', RoomId: 'r', From: 'server', To: ['u1', 'u2'], Binary: false, Message: 'hi' };
    assert.equal(validateParams(batch, message), undefined);
    assert.deepEqual(
      { ...validateParams(batch, { ...message, From: 'server!' }), message: '' },
      { field: 'From', code: 'InvalidParameter.IllegalFrom', message: '' },
    );
    assert.deepEqual(
      { ...validateParams(batch, { ...message, To: ['u1', ''] }), message: '' },
      { field: 'To[1]', code: 'InvalidParameter.IllegalTo', message: '' },
    );
  });

  it('applies the ID rule: 128 characters pass, 129 do not', () => {
    const kick = spec('KickUser', '2020-12-01');
    assert.equal(validateParams(kick, { AppId: 'a', RoomId: 'r', UserId: 'u'.repeat(128) }), undefined);
    const tooLong = validateParams(kick, { AppId: 'a', RoomId: 'r', UserId: 'u'.repeat(129) });
    assert.equal(tooLong?.field, 'UserId');
    assert.match(tooLong!.message, /got 129 characters$/);
    assert.match(validateParams(kick, { AppId: 'a', RoomId: 'r', UserId: '' })!.message, /got an empty string$/);
  });

  it('rejects a bad value at every ID field of every action-version, naming the path', () => {
    let checked = 0;
    for (const s of actionSpecs) {
      for (const idPath of s.idFields) {
        for (const scope of ['full', 'local'] as const) {
          const params = exampleFor(s.params) as Record<string, unknown>;
          const where = setAtIdPath(params, s.params, idPath, 'not an id');
          const issue = validateParams(s, params, { scope });
          assert.equal(issue?.field, where, `${s.action}@${s.version} ${idPath} (${scope})`);
          assert.match(issue!.code, /^InvalidParameter/);
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `checked ${checked} ID fields`);
  });

  it('enforces enums and ranges parsed from the catalog notes', () => {
    const ban = spec('BanRoomUser', '2023-11-01');
    for (const ok of [0, 10, 3600, 604800])
      assert.equal(validateParams(ban, { AppId: 'a', ForbiddenInterval: ok }), undefined);
    for (const bad of [5, 9, 604801, -1, 1.5]) {
      assert.equal(
        validateParams(ban, { AppId: 'a', ForbiddenInterval: bad })?.field,
        'ForbiddenInterval',
        String(bad),
      );
    }
    const issue = validateParams(startRecord, { ...validStartRecord(), Layout: { LayoutMode: 7 } });
    assert.equal(issue?.field, 'Layout.LayoutMode');
    assert.match(issue!.message, /must be one of 0, 1, 2, 3, got 7/);
  });

  it('local scope checks required fields and IDs only', () => {
    const params = validStartRecord();
    (params.Encode as Record<string, unknown>).VideoFps = 'fast';
    assert.equal(validateParams(startRecord, params, { scope: 'local' }), undefined);
    assert.equal(validateParams(startRecord, params, { scope: 'full' })?.field, 'Encode.VideoFps');
    const noStorage: Record<string, unknown> = validStartRecord();
    delete noStorage.StorageConfig;
    assert.equal(validateParams(startRecord, noStorage, { scope: 'local' })?.field, 'StorageConfig');
    assert.equal(
      validateParams(startRecord, { ...validStartRecord(), TaskId: 7 }, { scope: 'local' })?.field,
      'TaskId',
    );
  });

  it('reports a params value that is not an object', () => {
    for (const value of [null, [], 'x', 3]) {
      assert.equal(validateParams(startRecord, value)?.code, 'InvalidParameter');
    }
  });

  it('throws RtcArgumentError for a bad spec or scope', () => {
    assert.throws(
      () => validateParams(undefined as unknown as ActionSpec, {}),
      (e: unknown) => {
        return e instanceof RtcArgumentError && e instanceof TypeError && e.field === 'spec';
      },
    );
    assert.throws(() => validateParams({} as ActionSpec, {}), { name: 'RtcArgumentError', field: 'spec.params' });
    assert.throws(() => validateParams(startRecord, {}, { scope: 'all' as 'full' }), { field: 'options.scope' });
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const scope of [10n, deep, 'x'.repeat(10_000)]) {
      assert.throws(
        () => validateParams(startRecord, {}, { scope: scope as 'full' }),
        (e: unknown) => {
          return e instanceof RtcArgumentError && e.field === 'options.scope' && e.message.length < 120;
        },
      );
    }
    assert.throws(() => validateParams(startRecord, {}, 'local' as ValidateOptions), { field: 'options' });
    assert.throws(() => validateParams(startRecord, {}, null as unknown as ValidateOptions), { field: 'options' });
  });
});
