import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  backoffDelay,
  defaultRetryOptions,
  isSafeToRepeat,
  resolveRetryOptions,
  retryAfterMs,
} from '../../src/retry/retry-policy.js';

describe('isSafeToRepeat', () => {
  test('queries are safe: GET actions and POST Get/List/Describe/Search/*Query', () => {
    assert.equal(isSafeToRepeat('GetRecordTask', 'GET', {}), true);
    assert.equal(isSafeToRepeat('ListApps', 'POST', {}), true);
    assert.equal(isSafeToRepeat('DescribeAppKeys', 'POST', {}), true);
    assert.equal(isSafeToRepeat('SearchMusics', 'POST', {}), true);
    assert.equal(isSafeToRepeat('AibotxQuery', 'POST', {}), true);
  });
  test('Start*/Stop* are safe only with a TaskId', () => {
    assert.equal(isSafeToRepeat('StartRecord', 'POST', { AppId: 'a', RoomId: 'r', TaskId: 't' }), true);
    assert.equal(isSafeToRepeat('StopRecord', 'POST', { TaskId: 't' }), true);
    assert.equal(isSafeToRepeat('StartRecord', 'POST', { AppId: 'a', RoomId: 'r' }), false);
    assert.equal(isSafeToRepeat('StartRecord', 'POST', { TaskId: '' }), false);
    assert.equal(isSafeToRepeat('StartRecord', 'POST', undefined), false);
  });
  test('messages, bans, kicks, updates and creations are not', () => {
    for (const action of ['SendUnicast', 'BanRoomUser', 'KickUser', 'UpdateRecord', 'CreateApp', 'Listen']) {
      assert.equal(isSafeToRepeat(action, 'POST', { TaskId: 't' }), false, action);
    }
  });
});

describe('backoffDelay', () => {
  test('full jitter within an exponentially growing, capped window', () => {
    const options = { ...defaultRetryOptions, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(
      backoffDelay(1, options, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(1, options, () => 0.999),
      99,
    );
    assert.equal(
      backoffDelay(2, options, () => 0.5),
      100,
    );
    assert.equal(
      backoffDelay(3, options, () => 0.5),
      200,
    );
    assert.equal(
      backoffDelay(10, options, () => 0.5),
      500,
    );
  });
});

describe('retryAfterMs', () => {
  test('seconds and HTTP dates', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(['0']), 0);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs('-1'), undefined);
  });
});

describe('resolveRetryOptions', () => {
  test('false means one attempt; bad values name the field', () => {
    assert.equal(resolveRetryOptions(false).maxAttempts, 1);
    assert.deepEqual(resolveRetryOptions({ maxAttempts: 5, baseDelayMs: undefined }), {
      ...defaultRetryOptions,
      maxAttempts: 5,
    });
    assert.throws(() => resolveRetryOptions({ maxAttempts: 0 }), { field: 'retry.maxAttempts' });
    assert.throws(() => resolveRetryOptions({ maxDelayMs: -1 }), { field: 'retry.maxDelayMs' });
  });
});
