import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAccessToken, encodeAccessToken } from '@rtc-openapi/signer';
import { tokenVector, tokenVectors } from '../support/token-vectors.js';

describe('decodeAccessToken reads the official token vectors back', () => {
  for (const v of tokenVectors) {
    it(v.id, () => {
      const result = decodeAccessToken(v.token);
      assert.ok(result.ok);
      const { version, appId, ...rest } = result.token;
      assert.equal(version, '001');
      assert.equal(appId, v.input.appId);
      assert.deepEqual(rest, v.parsedBack);
    });
  }
});

describe('decodeAccessToken on malformed tokens', () => {
  const v = tokenVector('subscribe_only');
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /version 001/],
    ['another version', '002' + v.token.slice(3), /version 001/],
    ['no content', v.token.slice(0, 27), /base64/],
    ['a short AppId', '001abc', /base64/],
    ['not base64', v.token.slice(0, 27) + '!!!!', /base64/],
    ['truncated', v.token.slice(0, 40), /truncated/],
    [
      'trailing bytes',
      v.token.slice(0, 27) + Buffer.concat([Buffer.from(v.token.slice(27), 'base64'), Buffer.of(0)]).toString('base64'),
      /trailing bytes/,
    ],
  ];
  for (const [name, token, message] of cases) {
    it(`answers malformed for ${name}, without repeating the token`, () => {
      const result = decodeAccessToken(token);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.reason === 'malformed');
      assert.match(result.message, message);
      if (token.length > 27) assert.ok(!result.message.includes(token.slice(27)));
    });
  }

  it('answers malformed for a value that is not a string', () => {
    assert.equal(decodeAccessToken(42 as never).ok, false);
  });

  it('leaves out privilege ids the catalog does not know, keeping the signature valid', () => {
    // Hand-build a message with privilege 7 by encoding 4 and patching the id (the HMAC is then recomputed below).
    const { appKey, ...fields } = v.input;
    const token = encodeAccessToken({ ...fields, privileges: { 4: 5 } }, appKey);
    const raw = Buffer.from(token.slice(27), 'base64');
    const messageLength = raw.readUInt16LE(0);
    const privilegeAt = 2 + messageLength - 6;
    assert.equal(raw.readUInt16LE(privilegeAt), 4);
    raw.writeUInt16LE(7, privilegeAt);
    const result = decodeAccessToken(token.slice(0, 27) + raw.toString('base64'));
    assert.ok(result.ok);
    assert.deepEqual(result.token.privileges, {});
  });
});
