import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeAccessToken, SignerArgumentError, type AccessTokenFields } from '@rtc-openapi/signer';
import { tokenVector, tokenVectors } from '../support/token-vectors.js';

describe('encodeAccessToken reproduces the official token vectors byte for byte', () => {
  for (const v of tokenVectors) {
    it(v.id, () => {
      const { appKey, ...fields } = v.input;
      assert.equal(encodeAccessToken(fields, appKey), v.token);
    });
  }
});

describe('encodeAccessToken', () => {
  const { appKey, ...fields } = tokenVector('publish_subscribe_no_expiry').input;

  it('allows an empty room (a real-time-messaging login token)', () => {
    assert.match(encodeAccessToken({ ...fields, roomId: '' }, appKey), /^0010123456789abcdef01234567/);
  });

  it('refuses a field the layout cannot carry, naming it', () => {
    const refuses = (token: AccessTokenFields, key: string, field: string): void => {
      assert.throws(
        () => encodeAccessToken(token, key),
        (e: unknown) => e instanceof SignerArgumentError && e.field === field,
        field,
      );
    };
    refuses({ ...fields, appId: 'short' }, appKey, 'token.appId');
    refuses({ ...fields, nonce: -1 }, appKey, 'token.nonce');
    refuses({ ...fields, nonce: 1.5 }, appKey, 'token.nonce');
    refuses({ ...fields, issuedAt: Number.NaN }, appKey, 'token.issuedAt');
    refuses({ ...fields, expireAt: 2 ** 32 }, appKey, 'token.expireAt');
    refuses({ ...fields, userId: 'x'.repeat(0x10000) }, appKey, 'token.userId');
    refuses({ ...fields, roomId: 7 as never }, appKey, 'token.roomId');
    refuses({ ...fields, privileges: { 9: 0 } as never }, appKey, 'token.privileges.9');
    refuses({ ...fields, privileges: { 4: -5 } }, appKey, 'token.privileges.4');
    refuses(fields, '', 'appKey');
  });
});
