import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { callbackSignature, verifyCallback } from '@rtc-openapi/client';

const vectors = (
  JSON.parse(readFileSync(new URL('../../../../fixtures/vectors/callback.json', import.meta.url), 'utf8')) as {
    callbacks: Array<{ secret: string; body: Record<string, string> & { Signature: string } }>;
  }
).callbacks;

describe('verifyCallback against the vectors', () => {
  for (const [i, { secret, body }] of vectors.entries()) {
    test(`vector ${i}: accepted as object, string and bytes`, () => {
      assert.equal(verifyCallback(body, secret), true);
      assert.equal(verifyCallback(JSON.stringify(body), secret), true);
      assert.equal(verifyCallback(Buffer.from(JSON.stringify(body)), secret), true);
      assert.equal(callbackSignature(body as never, secret), body.Signature);
    });
    test(`vector ${i}: the Noce spelling is accepted`, () => {
      const { Nonce, ...rest } = body;
      assert.equal(verifyCallback({ ...rest, Noce: Nonce }, secret), true);
    });
    test(`vector ${i}: a wrong secret or any changed field fails`, () => {
      assert.equal(verifyCallback(body, secret + '!'), false);
      for (const field of ['EventType', 'EventData', 'EventTime', 'EventId', 'AppId', 'Version', 'Nonce']) {
        assert.equal(verifyCallback({ ...body, [field]: body[field] + 'x' }, secret), false, field);
      }
      assert.equal(verifyCallback({ ...body, Signature: body.Signature.slice(1) }, secret), false);
    });
  }
});

describe('verifyCallback input errors', () => {
  const { secret, body } = vectors[0]!;
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
