import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callbackSignature, verifyCallback } from '@rtc-openapi/client';
import { signCallback, verifyCallbackSignature } from '@rtc-openapi/signer';
import { callbackVectors } from '../../../signer/test/support/callback-vectors.js';

// The vector tests of the signature recipe live with it in packages/signer; these check that verifyCallback is a
// layer over the signer's functions and keeps its own API.
describe('verifyCallback over the signer', () => {
  const { secret, body } = callbackVectors[0]!;
  test('accepts a vector as object, string and bytes, and with the Noce spelling', () => {
    assert.equal(verifyCallback(body, secret), true);
    assert.equal(verifyCallback(JSON.stringify(body), secret), true);
    assert.equal(verifyCallback(Buffer.from(JSON.stringify(body)), secret), true);
    const { Nonce, ...rest } = body;
    assert.equal(verifyCallback({ ...rest, Noce: Nonce }, secret), true);
  });
  test('answers false where the signer answers bad-signature', () => {
    const changed = { ...body, EventData: body.EventData + 'x' };
    assert.equal(verifyCallbackSignature(changed, secret).ok, false);
    assert.equal(verifyCallback(changed, secret), false);
    assert.equal(verifyCallback(body, secret + '!'), false);
  });
  test('callbackSignature is signCallback of the signer', () => {
    assert.equal(callbackSignature, signCallback);
    assert.equal(callbackSignature(body as never, secret), body.Signature);
  });
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
