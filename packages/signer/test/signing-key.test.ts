import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
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

  it('signs the string to sign of every client vector with its signature', () => {
    for (const v of vectors.client_vectors) {
      const key = signingKey(v.input.secret_access_key, v.expected.x_date.slice(0, 8), v.input.region, v.input.service);
      assert.equal(key.signatureHex(v.expected.string_to_sign), v.expected.signature, v.id);
    }
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
