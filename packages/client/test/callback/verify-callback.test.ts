import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callbackSignature, verifyCallback } from '@rtc-openapi/client';
import { callbackVectors } from '../../../signer/test/support/callback-vectors.js';

// The vector tests of the signature recipe live with it in packages/signer; these check verifyCallback and
// callbackSignature against the same committed vectors (fixtures/vectors/callback.json).
describe('verifyCallback against the callback vectors', () => {
  const { secret, body } = callbackVectors[0]!;
  test('accepts a vector as object, string and bytes, and with the Noce spelling', () => {
    assert.equal(verifyCallback(body, secret), true);
    assert.equal(verifyCallback(JSON.stringify(body), secret), true);
    assert.equal(verifyCallback(Buffer.from(JSON.stringify(body)), secret), true);
    const { Nonce, ...rest } = body;
    assert.equal(verifyCallback({ ...rest, Noce: Nonce }, secret), true);
  });
  test('answers false for a changed field or a wrong secret', () => {
    assert.equal(verifyCallback({ ...body, EventData: body.EventData + 'x' }, secret), false);
    assert.equal(verifyCallback(body, secret + '!'), false);
  });
  for (const [i, vector] of callbackVectors.entries()) {
    test(`vector ${i}: callbackSignature gives its Signature and verifyCallback accepts it`, () => {
      assert.equal(callbackSignature(vector.body as never, vector.secret), vector.body.Signature);
      assert.equal(verifyCallback(vector.body, vector.secret), true);
    });
  }
});

describe('verifyCallback input errors', () => {
  const { secret, body } = callbackVectors[0]!;
  test('a missing field is named', () => {
    const { EventId: _omit, ...rest } = body;
    assert.throws(() => verifyCallback(rest, secret), { name: 'RtcValidationError', field: 'EventId' });
    const { Nonce: _nonce, ...noNonce } = body;
    assert.throws(() => verifyCallback(noNonce, secret), { field: 'Nonce' });
  });
  test('a body that is not a JSON object is refused', () => {
    assert.throws(() => verifyCallback('not json', secret), { field: 'body' });
    assert.throws(() => verifyCallback('[1]', secret), { field: 'body' });
  });
  test('an empty secret is refused', () => {
    assert.throws(() => verifyCallback(body, ''), { field: 'secretKey' });
  });
});
