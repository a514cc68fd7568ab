import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ID_MAX_LENGTH, ID_PATTERN, isValidId } from '../../src/index.js';

describe('ID rule', () => {
  it('accepts 1 to 128 of a-z A-Z 0-9 @ . _ -', () => {
    for (const id of ['a', 'Room_1', 'user@example.com', 'a-b.c_d@e', '0'.repeat(ID_MAX_LENGTH)]) {
      assert.equal(isValidId(id), true, id);
      assert.ok(ID_PATTERN.test(id));
    }
  });

  it('rejects empty, too long, other characters, and non-strings', () => {
    for (const id of ['', 'x'.repeat(129), 'room 1', 'room/1', 'röom', 'a\nb', 'a+b', '中文']) {
      assert.equal(isValidId(id), false, JSON.stringify(id));
    }
    for (const value of [undefined, null, 12, ['a'], { id: 'a' }]) assert.equal(isValidId(value), false);
  });
});
