import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { cachedSigningKeyCount, signingKey, SigningKey } from '../src/signing-key.js';
import { vectors } from './support/signing-vectors.js';

describe('signingKey', () => {
  it('derives the key of every client vector', () => {
    for (const v of vectors.client_vectors) {
      const key = signingKey(v.input.secret_access_key, v.expected.x_date.slice(0, 8), v.input.region, v.input.service);
      assert.equal(key.bytes.toString('hex'), v.expected.signing_key_hex, v.id);
    }
  });

  it('returns the cached key for the same secret, date, region and service', () => {
    const a = signingKey('cache-secret', '20240520', 'cn-north-1', 'rtc');
    signingKey('other-secret', '20240520', 'cn-north-1', 'rtc');
    assert.equal(signingKey('cache-secret', '20240520', 'cn-north-1', 'rtc'), a);
    assert.notEqual(signingKey('cache-secret', '20240521', 'cn-north-1', 'rtc'), a);
  });

  it('keeps the cache bounded', () => {
    for (let i = 0; i < 2000; i++) signingKey(`secret-${i}`, '20240520', 'cn-north-1', 'rtc');
    assert.ok(cachedSigningKeyCount() <= 512, `${cachedSigningKeyCount()} keys cached`);
    // A recent key is still cached (not rebuilt: the same object) and still right, even once another key was asked
    // for since (so it does not come from the one-entry memo in front of the cache).
    const recent = signingKey('secret-1990', '20240520', 'cn-north-1', 'rtc');
    signingKey('secret-1991', '20240520', 'cn-north-1', 'rtc');
    assert.equal(signingKey('secret-1990', '20240520', 'cn-north-1', 'rtc'), recent);
    const derived = ['20240520', 'cn-north-1', 'rtc', 'request'].reduce<Buffer | string>(
      (key, part) => createHmac('sha256', key).update(part).digest(),
      'secret-1990',
    );
    assert.equal(recent.bytes.toString('hex'), (derived as Buffer).toString('hex'));
  });

  it('signs exactly as node:crypto HMAC-SHA256 does, for any key and any text (short, long, non-ASCII)', () => {
    const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes));
    // Long strings go past the scratch buffer (1024 bytes); full Unicode brings 2- to 4-byte UTF-8, and raw UTF-16
    // units lone surrogates, which UTF-8 encoding replaces the same way on both sides.
    const message = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'binary', minLength: 200, maxLength: 1500 }),
      fc
        .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 200, maxLength: 600 })
        .map((units) => String.fromCharCode(...units)),
    );
    fc.assert(
      fc.property(key, message, message, (bytes, first, second) => {
        const signer = new SigningKey(bytes);
        // Twice with one key: the pads the key keeps must not carry anything from the previous signature.
        for (const text of [first, second]) {
          assert.equal(signer.signatureHex(text), createHmac('sha256', bytes).update(text, 'utf8').digest('hex'));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('shows nothing of the key when printed or serialized', () => {
    const key = signingKey('print-secret', '20240520', 'cn-north-1', 'rtc');
    const hex = key.bytes.toString('hex');
    for (const text of [inspect(key), inspect({ key }, { depth: 5 }), JSON.stringify({ key }), String(key)]) {
      assert.ok(!text.includes(hex), text);
      assert.ok(!text.includes(key.bytes.toString('base64')), text);
      assert.ok(!/Buffer/.test(text), text);
    }
  });

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => new SigningKey(Buffer.alloc(16)), RangeError);
  });
});
