import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { forgetParsedPrefixes, parseAuthorization } from '../src/parse-authorization.js';

const CREDENTIAL = 'AKLTEXAMPLE/20240520/cn-north-1/rtc/request';
const prefixOf = (credential: string, headers: string) =>
  `HMAC-SHA256 Credential=${credential}, SignedHeaders=${headers}`;

test('a header whose prefix was parsed before reads exactly as a first parse would (any signature after it)', () => {
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
    fc.property(prefix, signature, signature, (start, first, second) => {
      const header = `${start}, Signature=${second}`;
      forgetParsedPrefixes();
      const cold = parseAuthorization(header);
      // Parse the same prefix with another signature first, so that the header below may be answered from memory.
      parseAuthorization(`${start}, Signature=${first}`);
      assert.deepEqual(parseAuthorization(header), cold, header);
    }),
    { numRuns: 3000 },
  );
});

test('the remembered prefix gives the new signature, and a malformed one is still refused', () => {
  forgetParsedPrefixes();
  const prefix = prefixOf(CREDENTIAL, 'host;x-date');
  const first = parseAuthorization(`${prefix}, Signature=${'a'.repeat(64)}`);
  const second = parseAuthorization(`${prefix}, Signature=${'b'.repeat(64)}`);
  assert.ok(!('ok' in first) && !('ok' in second));
  assert.equal(second.signature, 'b'.repeat(64));
  assert.deepEqual(second.signedHeaders, ['host', 'x-date']);
  assert.equal(second.credential, first.credential);
  const short = parseAuthorization(`${prefix}, Signature=${'b'.repeat(63)}`);
  assert.ok('ok' in short && short.code === 'InvalidAuthorization', 'a 63-digit signature is refused');
});
