import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonString } from '../src/json-string.js';

test('jsonString writes exactly what JSON.stringify writes, for plain ids and for any text', () => {
  const text = fc.oneof(
    fc.stringMatching(/^[\w.@:/+-]*$/),
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u2028', '\u0000', '\ud800', '/', '@') }),
  );
  fc.assert(
    fc.property(text, (value) => assert.equal(jsonString(value), JSON.stringify(value))),
    { numRuns: 5000 },
  );
});
