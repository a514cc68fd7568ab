import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALLBACK_SIGNED_FIELDS, SignerArgumentError, verifyCallbackSignature } from '@rtc-openapi/signer';
import { callbackVectors } from '../support/callback-vectors.js';

describe('verifyCallbackSignature on the callback vectors', () => {
  for (const [i, { secret, body }] of callbackVectors.entries()) {
    it(`vector ${i}: accepted as object, JSON text and bytes, and with an upper-case signature`, () => {
      assert.deepEqual(verifyCallbackSignature(body, secret), { ok: true });
      assert.deepEqual(verifyCallbackSignature(JSON.stringify(body), secret), { ok: true });
      assert.deepEqual(verifyCallbackSignature(Buffer.from(JSON.stringify(body)), secret), { ok: true });
      assert.deepEqual(verifyCallbackSignature({ ...body, Signature: body.Signature.toUpperCase() }, secret), {
        ok: true,
      });
    });
    it(`vector ${i}: the Noce spelling of Nonce is accepted`, () => {
      const { Nonce, ...rest } = body;
      assert.deepEqual(verifyCallbackSignature({ ...rest, Noce: Nonce }, secret), { ok: true });
    });
    it(`vector ${i}: a wrong secret, any changed field or a shortened signature is refused`, () => {
      const refused = (b: Record<string, string>, s: string, what: string): void => {
        const result = verifyCallbackSignature(b, s);
        assert.equal(!result.ok && result.reason, 'bad-signature', what);
      };
      refused(body, secret + '!', 'secret');
      for (const name of CALLBACK_SIGNED_FIELDS) refused({ ...body, [name]: body[name] + 'x' }, secret, name);
      refused({ ...body, Signature: body.Signature.slice(1) }, secret, 'Signature');
    });
  }
});

describe('verifyCallbackSignature on malformed bodies', () => {
  const { secret, body } = callbackVectors[0]!;
  const field = (b: unknown): string | undefined => {
    const result = verifyCallbackSignature(b as never, secret);
    return !result.ok && result.reason === 'malformed' ? result.field : undefined;
  };

  it('names a missing or non-string field', () => {
    const { EventId: _omit, ...noEventId } = body;
    assert.equal(field(noEventId), 'EventId');
    const { Nonce: _nonce, ...noNonce } = body;
    assert.equal(field(noNonce), 'Nonce');
    assert.equal(field({ ...noNonce, Noce: 42 }), 'Noce');
    const { Signature: _signature, ...unsigned } = body;
    assert.equal(field(unsigned), 'Signature');
    assert.equal(field({ ...body, AppId: 1 }), 'AppId');
  });

  it('names the body when it is not a JSON object', () => {
    for (const bad of ['not json', '[1]', 'null', Buffer.from('{'), null, 7]) assert.equal(field(bad), 'body');
  });

  it('throws SignerArgumentError for an empty secret', () => {
    assert.throws(
      () => verifyCallbackSignature(body, ''),
      (e: unknown) => e instanceof SignerArgumentError && e.field === 'secretKey',
    );
  });
});
