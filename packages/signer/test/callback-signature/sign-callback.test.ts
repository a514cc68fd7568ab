import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { CALLBACK_SIGNED_FIELDS, signCallback, SignerArgumentError } from '@rtc-openapi/signer';
import { callbackVectors } from '../support/callback-vectors.js';

describe('signCallback reproduces the callback vectors (catalog 4.4)', () => {
  for (const v of callbackVectors) {
    it(`${v.body.EventType} (nonce ${v.body.Nonce})`, () => {
      assert.equal(signCallback(v.body, v.secret), v.body.Signature);
    });
  }
});

describe('signCallback', () => {
  const v = callbackVectors[0]!;

  it('changes with the secret and with each signed field', () => {
    assert.notEqual(signCallback(v.body, v.secret + 'x'), v.body.Signature);
    for (const name of CALLBACK_SIGNED_FIELDS) {
      assert.notEqual(signCallback({ ...v.body, [name]: v.body[name] + 'x' }, v.secret), v.body.Signature, name);
    }
  });

  it('sorts the values by UTF-8 bytes, as Go does, not by UTF-16 units', () => {
    // U+FF61 is EF BD A1 in UTF-8 and U+1F600 is F0 9F 98 80, so bytes put U+FF61 first; in UTF-16 U+1F600 starts
    // with the surrogate D83D and would come first.
    const fields = {
      EventType: 'a',
      EventData: 'b',
      EventTime: 'c',
      EventId: '\u{1f600}',
      AppId: 'd',
      Version: 'e',
      Nonce: '\u{ff61}',
    };
    const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
    assert.equal(signCallback(fields, 's'), sha256('abcdes\u{ff61}\u{1f600}'));
    assert.notEqual(signCallback(fields, 's'), sha256('abcdes\u{1f600}\u{ff61}'));
  });

  it('throws SignerArgumentError for a missing field or a secret that is not a string', () => {
    const { EventId: _omit, ...rest } = v.body;
    assert.throws(
      () => signCallback(rest as never, v.secret),
      (e: unknown) => e instanceof SignerArgumentError && e.field === 'fields.EventId',
    );
    assert.throws(() => signCallback(v.body, undefined as never), { name: 'SignerArgumentError', field: 'secretKey' });
  });
});
