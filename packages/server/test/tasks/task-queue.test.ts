import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskQueue } from '../../src/tasks/task-queue.js';
import { timeScaleFromEnv, TimeScale } from '../../src/tasks/time-scale.js';

describe('TaskQueue', () => {
  it('runs the steps of one key one after another, in order, whatever each one ends with', async () => {
    const queue = new TaskQueue();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) =>
      queue.run('k', async () => {
        log.push(`${name}>`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`<${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([step('a', 20, true), step('b', 1), queue.run('other', () => 'x')]);
    assert.deepEqual(log, ['a>', '<a', 'b>', '<b']);
    assert.equal(results[0].status, 'rejected');
    assert.deepEqual(
      [results[1], results[2]].map((r) => r.status === 'fulfilled' && r.value),
      ['b', 'x'],
    );
    await queue.idle();
  });
});

describe('the task time scale', () => {
  it('reads RTC_TIME_SCALE, refusing what is not a positive number', () => {
    assert.equal(timeScaleFromEnv(undefined), 1);
    assert.equal(timeScaleFromEnv(''), 1);
    assert.equal(timeScaleFromEnv('60'), 60);
    assert.throws(() => timeScaleFromEnv('0'), /RTC_TIME_SCALE \(--time-scale\) must be a positive number/);
    assert.throws(() => timeScaleFromEnv('fast'), /RTC_TIME_SCALE/);
    assert.equal(new TimeScale(60).wallMs(60_000), 1000);
  });
});
