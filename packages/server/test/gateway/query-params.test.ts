import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseQuery } from '../../src/gateway/query-params.js';

/** Every name the query mentions, plus some it does not. */
function namesOf(raw: string): string[] {
  const names = new Set(['Action', 'Version', 'missing', '']);
  for (const piece of raw.split('&')) names.add(piece.split('=', 1)[0]!);
  return [...names];
}

test('parseQuery reads any query exactly as URLSearchParams does (get and getAll)', () => {
  const piece = fc.string({
    unit: fc.constantFrom('a', 'B', '1', '-', '.', '_', '~', '=', '&', '%', '%4', '%41', '+', ' ', 'é', '房', '\ud800'),
  });
  const query = fc.oneof(
    piece,
    fc.string(),
    fc
      .array(fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{0,6}$/), piece))
      .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('&')),
  );
  fc.assert(
    fc.property(query, (raw) => {
      const ours = parseQuery(raw);
      const reference = new URLSearchParams(raw);
      for (const name of namesOf(raw)) {
        assert.equal(ours.get(name), reference.get(name), `get(${JSON.stringify(name)}) of ${JSON.stringify(raw)}`);
        assert.deepEqual(ours.getAll(name), reference.getAll(name), `getAll(${JSON.stringify(name)})`);
      }
    }),
    { numRuns: 5000 },
  );
});

test('parseQuery splits a plain query itself: repeated names, bare names, empty pieces', () => {
  const query = parseQuery('Action=ListApps&&Version=2023-11-01&Flag&AppId=a&AppId=b&Empty=&=orphan&');
  assert.equal(query instanceof URLSearchParams, false, 'a plain query is not handed to URLSearchParams');
  assert.equal(query.get('Action'), 'ListApps');
  assert.equal(query.get('Version'), '2023-11-01');
  assert.equal(query.get('Flag'), '');
  assert.deepEqual(query.getAll('AppId'), ['a', 'b']);
  assert.equal(query.get('Empty'), '');
  assert.equal(query.get(''), 'orphan');
  assert.equal(query.get('Missing'), null);
  assert.deepEqual(query.getAll('Missing'), []);
  assert.equal(parseQuery('RoomId=a%20b').get('RoomId'), 'a b', 'escapes are decoded (by URLSearchParams)');
  assert.equal(parseQuery('RoomId=a+b').get('RoomId'), 'a b');
});

test('parseQuery reads a long query of pieces without =, and the parameter after them', () => {
  // The parser looks for the next `=` only once a piece has passed the last one found (linear in the query's length).
  const raw = Array.from({ length: 8000 }, (_, i) => `p${i}`).join('&') + '&Action=ListApps';
  const query = parseQuery(raw);
  assert.equal(query.get('p7999'), '');
  assert.equal(query.get('Action'), 'ListApps');
  assert.deepEqual(query.getAll('p0'), ['']);
});
