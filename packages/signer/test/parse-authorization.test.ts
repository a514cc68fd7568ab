import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAuthorization } from '../src/parse-authorization.js';

const CREDENTIAL = 'AKLTEXAMPLE/20240520/cn-north-1/rtc/request';
const prefixOf = (credential: string, headers: string) =>
  `HMAC-SHA256 Credential=${credential}, SignedHeaders=${headers}`;

test('the canonical-form fast path reads any header exactly as the tolerant parser does', () => {
  const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
  const signature = fc.oneof(
    hex,
    hex.map((h) => h.toUpperCase()),
    hex.map((h) => h.slice(1)),
    hex.map((h) => `${h} `),
    hex.map((h) => `${h.slice(0, 40)},${h.slice(41)}`),
    fc.string({ maxLength: 70 }),
  );
  const prefix = fc.oneof(
    fc.constant(prefixOf(CREDENTIAL, 'host;x-date')),
    fc.constant(prefixOf(CREDENTIAL, 'X-Date;Host')),
    fc.constant(prefixOf('AKLTEXAMPLE/2024052/cn-north-1/rtc/request', 'x-date')),
    fc.constant(prefixOf(CREDENTIAL, 'x-date,host')),
    fc.constant(`HMAC-SHA256  Credential=${CREDENTIAL}, SignedHeaders=x-date`),
    fc.string({ maxLength: 80 }),
  );
  fc.assert(
    fc.property(prefix, signature, (start, end) => {
      const header = `${start}, Signature=${end}`;
      // A leading space keeps a header from the canonical form's pattern: it goes through the tolerant parser, which
      // trims it first. Both readings must agree, whether the header parses or not.
      assert.deepEqual(parseAuthorization(` ${header}`), parseAuthorization(header), header);
    }),
    { numRuns: 3000 },
  );
});

test('headers that differ only in their signature read as the same credential and list, each with its signature', () => {
  const prefix = prefixOf(CREDENTIAL, 'host;x-date');
  const first = parseAuthorization(`${prefix}, Signature=${'a'.repeat(64)}`);
  const second = parseAuthorization(`${prefix}, Signature=${'b'.repeat(64)}`);
  assert.ok(!('ok' in first) && !('ok' in second));
  assert.equal(first.signature, 'a'.repeat(64));
  assert.equal(second.signature, 'b'.repeat(64));
  assert.deepEqual(second.signedHeaders, ['host', 'x-date']);
  assert.deepEqual(second.credential, first.credential);
  const short = parseAuthorization(`${prefix}, Signature=${'b'.repeat(63)}`);
  assert.ok('ok' in short && short.code === 'InvalidAuthorization', 'a 63-digit signature is refused');
});
