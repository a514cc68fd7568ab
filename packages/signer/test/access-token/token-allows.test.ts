import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAccessToken, Privilege, tokenAllows, type DecodedAccessToken } from '@rtc-openapi/signer';
import { tokenVector } from '../support/token-vectors.js';

function decode(id: string): DecodedAccessToken {
  const result = decodeAccessToken(tokenVector(id).token);
  assert.ok(result.ok);
  return result.token;
}

describe('tokenAllows', () => {
  it('checks each privilege against its own expiry, inclusively', () => {
    const token = decode('publish_with_own_expiry'); // publish until 1760043200, subscribe until 1760086400
    assert.equal(tokenAllows(token, Privilege.PublishStream, 1760043200), true);
    assert.equal(tokenAllows(token, Privilege.PublishVideoStream, 1760043201), false);
    assert.equal(tokenAllows(token, Privilege.SubscribeStream, 1760043201), true);
    assert.equal(tokenAllows(token, Privilege.SubscribeStream, 1760086401), false);
  });

  it('treats privilege expiry 0 as never and a missing privilege as not granted', () => {
    assert.equal(tokenAllows(decode('publish_subscribe_no_expiry'), Privilege.PublishDataStream, 0xffffffff), true);
    assert.equal(tokenAllows(decode('subscribe_only'), Privilege.PublishStream, 0), false);
  });

  it('counts only the id asked for (PublishStream alone does not grant audio)', () => {
    assert.equal(tokenAllows({ privileges: { 0: 0 } }, Privilege.PublishAudioStream, 1), false);
  });

  it('throws SignerArgumentError for a bad `now`', () => {
    assert.throws(() => tokenAllows({ privileges: {} }, Privilege.SubscribeStream, Number.NaN), {
      name: 'SignerArgumentError',
      field: 'now',
    });
  });
});
