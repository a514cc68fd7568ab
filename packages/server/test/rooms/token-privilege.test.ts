import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAccessToken, encodeAccessToken, Privilege, type DecodedAccessToken } from '@rtc-openapi/signer';
import { tokenVector } from '../../../signer/test/support/token-vectors.js';
import { hasPrivilege } from '../../src/rooms/token-privilege.js';

// The "001" layout and its byte-exact vector tests live in packages/signer; the server reads tokens with it and adds
// one rule of its own (PublishStream alone lets a hand-made token publish each medium).

function decoded(token: string): DecodedAccessToken {
  const result = decodeAccessToken(token);
  assert.ok(result.ok);
  return result.token;
}

describe('hasPrivilege', () => {
  it('checks each privilege of a vector token against its own expiry', () => {
    const own = tokenVector('publish_with_own_expiry');
    const parsed = decoded(own.token);
    const publishEnd = own.parsedBack.privileges['0']!;
    assert.equal(hasPrivilege(parsed, Privilege.PublishVideoStream, publishEnd), true);
    assert.equal(hasPrivilege(parsed, Privilege.PublishVideoStream, publishEnd + 1), false);
    assert.equal(hasPrivilege(parsed, Privilege.SubscribeStream, publishEnd + 1), true);
    const subscribeOnly = decoded(tokenVector('subscribe_only').token);
    assert.equal(hasPrivilege(subscribeOnly, Privilege.PublishAudioStream, 0), false);
  });

  it('lets a token that carries PublishStream alone publish audio, video and data until its expiry', () => {
    const token = encodeAccessToken(
      {
        appId: '0123456789abcdef01234567',
        nonce: 1,
        issuedAt: 100,
        expireAt: 0,
        roomId: 'r',
        userId: 'u',
        privileges: { [Privilege.PublishStream]: 500 },
      },
      'key',
    );
    const parsed = decoded(token);
    for (const medium of [Privilege.PublishAudioStream, Privilege.PublishVideoStream, Privilege.PublishDataStream]) {
      assert.equal(hasPrivilege(parsed, medium, 500), true);
      assert.equal(hasPrivilege(parsed, medium, 501), false);
    }
    assert.equal(hasPrivilege(parsed, Privilege.SubscribeStream, 100), false);
  });
});
