import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextCheckPhase } from 'node:timers/promises';
import { AnswerBatch } from '../../src/gateway/answer-batch.js';

describe('answer batch', () => {
  it('writes nothing during the turn, then everything of the turn in order', async () => {
    const batch = new AnswerBatch(() => assert.fail('no write fails here'));
    const written: number[] = [];
    for (let i = 0; i < 5; i++) batch.add(() => written.push(i));
    await Promise.resolve();
    assert.equal(written.length, 0, 'microtasks of the same turn still see nothing written');
    await nextCheckPhase();
    assert.deepEqual(written, [0, 1, 2, 3, 4]);
    batch.add(() => written.push(5));
    await nextCheckPhase();
    assert.deepEqual(written, [0, 1, 2, 3, 4, 5], 'a later turn schedules a new batch');
  });

  it('reports a failing write and still makes the ones after it', async () => {
    const errors: unknown[] = [];
    const batch = new AnswerBatch((error) => errors.push(error));
    const written: string[] = [];
    batch.add(() => written.push('a'));
    batch.add(() => {
      throw new Error('socket gone');
    });
    batch.add(() => written.push('c'));
    await nextCheckPhase();
    assert.deepEqual(written, ['a', 'c']);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /socket gone/);
  });
});
