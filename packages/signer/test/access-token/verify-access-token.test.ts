import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeAccessToken, SignerArgumentError, verifyAccessToken } from '@rtc-openapi/signer';
import { tokenVector, tokenVectors } from '../support/token-vectors.js';

describe('verifyAccessToken on the official token vectors', () => {
  for (const v of tokenVectors) {
    it(`${v.id}: accepted with its AppKey, AppId, RoomId and UserId; refused with another key`, () => {
      const { appKey, appId, roomId, userId, issuedAt } = v.input;
      const result = verifyAccessToken(v.token, appKey, { now: issuedAt, appId, roomId, userId });
      assert.ok(result.ok);
      assert.equal(result.token.nonce, v.parsedBack.nonce);
      assert.deepEqual(result.token.privileges, v.parsedBack.privileges);
      const wrong = verifyAccessToken(v.token, appKey + 'x', { now: issuedAt });
      assert.deepEqual(wrong, {
        ok: false,
        reason: 'bad-signature',
        message: 'the token signature does not match the AppKey',
      });
    });
  }
});

describe('verifyAccessToken refusals', () => {
  const v = tokenVector('subscribe_only'); // expires at 1750003600
  const { appKey, appId, roomId, userId } = v.input;
  const expect = { now: 1750000000, appId, roomId, userId };
  const reason = (token: string, key: string, options: Parameters<typeof verifyAccessToken>[2]): string => {
    const result = verifyAccessToken(token, key, options);
    if (result.ok) return 'ok';
    assert.ok(!result.message.includes(appKey) && !result.message.includes(v.token.slice(27)));
    return result.reason;
  };

  it('checks expiry inclusively: valid at expireAt, expired one second later', () => {
    assert.equal(reason(v.token, appKey, { ...expect, now: 1750003600 }), 'ok');
    assert.equal(reason(v.token, appKey, { ...expect, now: 1750003601 }), 'expired');
  });

  it('never expires a token with expireAt 0', () => {
    const { appKey: key, ...fields } = tokenVector('publish_subscribe_no_expiry').input;
    const token = encodeAccessToken({ ...fields, expireAt: 0 }, key);
    assert.equal(reason(token, key, { now: 0xffffffff }), 'ok');
  });

  it('names the first thing wrong: layout, AppId, signature, expiry, RoomId, UserId', () => {
    assert.equal(reason(v.token.slice(0, 40), appKey, expect), 'malformed');
    assert.equal(reason(v.token, 'other-key', { ...expect, appId: 'x'.repeat(24) }), 'app-id-mismatch');
    assert.equal(reason(v.token, 'other-key', { ...expect, now: 1750003601 }), 'bad-signature');
    assert.equal(reason(v.token, appKey, { ...expect, now: 1750003601, roomId: 'other' }), 'expired');
    assert.equal(reason(v.token, appKey, { ...expect, roomId: 'other', userId: 'other' }), 'room-id-mismatch');
    assert.equal(reason(v.token, appKey, { ...expect, userId: 'other' }), 'user-id-mismatch');
  });

  it('refuses a token whose signed message was changed by one bit', () => {
    const raw = Buffer.from(v.token.slice(27), 'base64');
    raw[6] = raw[6]! ^ 1;
    assert.equal(reason(v.token.slice(0, 27) + raw.toString('base64'), appKey, {}), 'bad-signature');
  });

  it('refuses a token re-signed with another key for another user', () => {
    const { appKey: _key, ...fields } = v.input;
    const forged = encodeAccessToken({ ...fields, userId: 'someone-else' }, 'guess');
    assert.equal(reason(forged, appKey, { now: 1750000000 }), 'bad-signature');
  });

  it('uses the current time when no `now` is given', () => {
    assert.equal(reason(v.token, appKey, {}), 'expired');
  });

  it('throws SignerArgumentError for a bad AppKey or `now`', () => {
    assert.throws(() => verifyAccessToken(v.token, 42 as never), { name: 'SignerArgumentError', field: 'appKey' });
    assert.throws(
      () => verifyAccessToken(v.token, appKey, { now: -1 }),
      (e: unknown) => e instanceof SignerArgumentError && e.field === 'options.now',
    );
  });
});
