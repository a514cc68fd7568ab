import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AccessToken, Privilege, RtcValidationError, tokenAllows } from '@rtc-openapi/client';
import { tokenVectors } from '../../../signer/test/support/token-vectors.js';

// The byte-exact vector tests of the "001" layout live with it in packages/signer; these check the class against the
// same committed vectors (fixtures/vectors/token.json), not against the signer functions it calls.
describe('AccessToken against the token vectors', () => {
  for (const vector of tokenVectors) {
    const { appKey, ...init } = vector.input;
    const expected = { version: '001', appId: init.appId, ...vector.parsedBack };
    test(`${vector.id}: builds the vector's token, parses it back and verifies it`, () => {
      const token = new AccessToken(init).serialize(appKey);
      assert.equal(token, vector.token);
      assert.deepEqual(AccessToken.parse(vector.token), expected);
      const now = init.issuedAt + 1;
      assert.deepEqual(AccessToken.verify(vector.token, appKey, { now }), { ok: true, token: expected });
      const wrong = AccessToken.verify(vector.token, appKey + 'x', { now });
      assert.equal(!wrong.ok && wrong.reason, 'bad-signature');
    });
  }

  test('Privilege has the ids the vectors use (0 PublishStream, 1-3 audio, video, data, 4 SubscribeStream)', () => {
    assert.deepEqual(
      { ...Privilege },
      {
        PublishStream: 0,
        PublishAudioStream: 1,
        PublishVideoStream: 2,
        PublishDataStream: 3,
        SubscribeStream: 4,
      },
    );
  });
});

describe('AccessToken building', () => {
  const appId = '0123456789abcdef01234567';
  const base = { appId, roomId: 'room1', userId: 'user1', nonce: 1, issuedAt: 1700000000, expireAt: 1700086400 };

  test('addPrivilege(PublishStream) grants audio, video and data publishing too, as the official builders do', () => {
    const token = new AccessToken(base)
      .addPrivilege('PublishStream')
      .addPrivilege(Privilege.SubscribeStream)
      .serialize('test-app-key');
    assert.equal(token, tokenVectors[0]!.token);
  });

  test('the order of grants does not change the bytes', () => {
    const a = new AccessToken(base).addPrivilege('SubscribeStream').addPrivilege('PublishStream').serialize('k');
    const b = new AccessToken(base).addPrivilege('PublishStream').addPrivilege('SubscribeStream').serialize('k');
    assert.equal(a, b);
  });

  test('Dates are accepted for times and a random nonce is drawn when none is given', () => {
    const token = new AccessToken({ appId, roomId: 'r', userId: 'u', expireAt: new Date(1_800_000_000_000) });
    const parsed = AccessToken.parse(token.serialize('k'));
    assert.equal(parsed.expireAt, 1_800_000_000);
    assert.ok(Math.abs(parsed.issuedAt - Date.now() / 1000) < 60);
    assert.ok(Number.isInteger(parsed.nonce) && parsed.nonce >= 0 && parsed.nonce <= 0xffffffff);
  });

  test('an empty room is allowed (messaging login tokens)', () => {
    const parsed = AccessToken.parse(new AccessToken({ ...base, roomId: '' }).serialize('k'));
    assert.equal(parsed.roomId, '');
  });

  test('bad input names the field', () => {
    assert.throws(() => new AccessToken({ ...base, appId: 'short' }), { name: 'RtcValidationError', field: 'appId' });
    assert.throws(() => new AccessToken({ ...base, nonce: -1 }), { field: 'nonce' });
    assert.throws(() => new AccessToken({ ...base, expireAt: 2 ** 32 }), { field: 'expireAt' });
    assert.throws(() => new AccessToken(base).serialize(''), { field: 'appKey' });
    assert.throws(() => new AccessToken({ ...base, privileges: { 9: 0 } as never }), { field: 'privileges.9' });
  });
});

describe('AccessToken verification', () => {
  const vector = tokenVectors[1]!; // expires at 1750003600
  const appKey = vector.input.appKey;

  test('an expired token is refused, an unexpired one accepted', () => {
    assert.equal(AccessToken.verify(vector.token, appKey, { now: 1750003600 }).ok, true);
    const late = AccessToken.verify(vector.token, appKey, { now: 1750003601 });
    assert.equal(!late.ok && late.reason, 'expired');
  });

  test('expireAt 0 never expires', () => {
    const never = tokenVectors[0]!;
    assert.equal(AccessToken.verify(never.token, never.input.appKey, { now: 4_000_000_000 }).ok, false);
    const token = new AccessToken({ appId: never.input.appId, roomId: 'r', userId: 'u', expireAt: 0 }).serialize('k');
    assert.equal(AccessToken.verify(token, 'k', { now: 4_000_000_000 }).ok, true);
  });

  test('an AppId other than the expected one is refused', () => {
    const result = AccessToken.verify(vector.token, appKey, { now: 1750000000, appId: 'x'.repeat(24) });
    assert.equal(!result.ok && result.reason, 'app-id-mismatch');
  });

  test('a tampered token fails the signature check and the message never shows the key', () => {
    const parsed = AccessToken.parse(vector.token);
    const forged = new AccessToken({ ...parsed, userId: 'someone-else' }).serialize('guess');
    const result = AccessToken.verify(forged, appKey, { now: 1750000000 });
    assert.equal(!result.ok && result.reason, 'bad-signature');
    assert.ok(!JSON.stringify(result).includes(appKey));
  });

  test('garbage is reported as malformed, and parse throws naming the token', () => {
    for (const bad of ['', '002' + vector.token.slice(3), vector.token.slice(0, 40), vector.token + 'AAAA', 'abc']) {
      const result = AccessToken.verify(bad, appKey);
      assert.equal(!result.ok && result.reason, 'malformed', bad);
      assert.throws(
        () => AccessToken.parse(bad),
        (error: unknown) => {
          return error instanceof RtcValidationError && error.field === 'token';
        },
      );
    }
  });

  test('tokenAllows reads per-privilege expiry', () => {
    const parsed = AccessToken.parse(tokenVectors[2]!.token); // publish until 1760043200, subscribe until 1760086400
    assert.equal(tokenAllows(parsed, Privilege.PublishStream, new Date(1760043200 * 1000)), true);
    assert.equal(tokenAllows(parsed, Privilege.PublishVideoStream, 1760043201), false);
    assert.equal(tokenAllows(parsed, Privilege.SubscribeStream, 1760043201), true);
    assert.equal(tokenAllows(AccessToken.parse(tokenVectors[1]!.token), Privilege.PublishStream, 0), false);
  });
});
