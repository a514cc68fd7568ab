import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { signCallback, type CallbackFields } from '../../src/events/callback-signature.js';
import { formatEventTime } from '../../src/events/event-time.js';

const vectors = (
  JSON.parse(readFileSync(new URL('../../../../fixtures/vectors/callback.json', import.meta.url), 'utf8')) as {
    callbacks: { secret: string; body: CallbackFields & { Signature: string } }[];
  }
).callbacks;

describe('callback signature (catalog 4.4)', () => {
  for (const v of vectors) {
    it(`reproduces the ${v.body.EventType} vector`, () => {
      assert.equal(signCallback(v.body, v.secret), v.body.Signature);
    });
  }
  it('changes with the secret and with any field', () => {
    const v = vectors[0]!;
    assert.notEqual(signCallback(v.body, v.secret + 'x'), v.body.Signature);
    assert.notEqual(signCallback({ ...v.body, Nonce: '1235' }, v.secret), v.body.Signature);
  });
  it('writes EventTime as RFC 3339 UTC with nine fraction digits', () => {
    assert.equal(formatEventTime(Date.UTC(2024, 0, 1, 0, 0, 0, 123)), '2024-01-01T00:00:00.123000000Z');
  });
});
