import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AccessTokenError, hasPrivilege, parseAccessToken, verifyAccessToken } from '../../src/rooms/access-token.js';

interface TokenVector {
  id: string;
  input: { appId: string; appKey: string; roomId: string; userId: string; issuedAt: number };
  token: string;
  parsedBack: {
    nonce: number;
    issuedAt: number;
    expireAt: number;
    roomId: string;
    userId: string;
    privileges: Record<string, number>;
  };
}

const vectors = (
  JSON.parse(readFileSync(new URL('../../../../fixtures/vectors/token.json', import.meta.url), 'utf8')) as {
    tokens: TokenVector[];
  }
).tokens;

describe('the server token verifier', () => {
  for (const v of vectors) {
    it(`reads and accepts vector ${v.id}`, () => {
      const parsed = verifyAccessToken(v.token, {
        appId: v.input.appId,
        appKey: v.input.appKey,
        roomId: v.input.roomId,
        userId: v.input.userId,
        now: v.input.issuedAt,
      });
      assert.equal(parsed.nonce, v.parsedBack.nonce);
      assert.equal(parsed.issuedAt, v.parsedBack.issuedAt);
      assert.equal(parsed.expireAt, v.parsedBack.expireAt);
      assert.equal(parsed.roomId, v.parsedBack.roomId);
      assert.equal(parsed.userId, v.parsedBack.userId);
      assert.deepEqual(
        Object.fromEntries([...parsed.privileges].map(([k, e]) => [String(k), e])),
        v.parsedBack.privileges,
      );
    });
  }

  const v = vectors[0]!;
  const expect = {
    appId: v.input.appId,
    appKey: v.input.appKey,
    roomId: v.input.roomId,
    userId: v.input.userId,
    now: v.input.issuedAt,
  };
  const reason = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof AccessTokenError);
      assert.ok(!e.message.includes(v.token) && !e.message.includes(v.input.appKey));
      return e.reason;
    }
    assert.fail('accepted');
  };

  it('refuses a wrong key, another room or user, an expired token and a mangled one', () => {
    assert.equal(
      reason(() => verifyAccessToken(v.token, { ...expect, appKey: 'other-key' })),
      'signature',
    );
    assert.equal(
      reason(() => verifyAccessToken(v.token, { ...expect, roomId: 'room2' })),
      'room-mismatch',
    );
    assert.equal(
      reason(() => verifyAccessToken(v.token, { ...expect, userId: 'user2' })),
      'user-mismatch',
    );
    assert.equal(
      reason(() => verifyAccessToken(v.token, { ...expect, now: v.parsedBack.expireAt + 1 })),
      'expired',
    );
    assert.equal(
      reason(() => verifyAccessToken(v.token, { ...expect, appId: 'x'.repeat(24) })),
      'app-mismatch',
    );
    assert.equal(
      reason(() => parseAccessToken(v.token.slice(0, -8))),
      'malformed',
    );
    assert.equal(
      reason(() => parseAccessToken('002' + v.token.slice(3))),
      'malformed',
    );
    // A flipped byte inside the signed message.
    const raw = Buffer.from(v.token.slice(27), 'base64');
    raw[6] = raw[6]! ^ 1;
    assert.equal(
      reason(() => verifyAccessToken(v.token.slice(0, 27) + raw.toString('base64'), expect)),
      'signature',
    );
  });

  it('checks each privilege against its own expiry', () => {
    const own = vectors.find((x) => x.id === 'publish_with_own_expiry')!;
    const parsed = parseAccessToken(own.token);
    const publishEnd = own.parsedBack.privileges['0']!;
    assert.equal(hasPrivilege(parsed, 2, publishEnd), true);
    assert.equal(hasPrivilege(parsed, 2, publishEnd + 1), false);
    assert.equal(hasPrivilege(parsed, 4, publishEnd + 1), true);
    const subscribeOnly = parseAccessToken(vectors.find((x) => x.id === 'subscribe_only')!.token);
    assert.equal(hasPrivilege(subscribeOnly, 1, 0), false);
  });
});
