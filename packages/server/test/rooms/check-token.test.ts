import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { APP_ID, APP_KEY, startHarness, type Harness } from './rooms-harness.js';

describe('join tokens and the secondary AppKey', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.apps.set(APP_ID, { ...h.apps.get(APP_ID)!, secondaryAppKey: 'the-next-app-key' });
  });
  after(() => h.close());

  const joinWith = async (userId: string, appKey: string, expireAt?: number): Promise<Record<string, unknown>> => {
    const c = await h.connect();
    return c.join({ roomId: 'keys', userId, token: h.token('keys', userId, { appKey, expireAt }) });
  };

  it('accepts a token signed with either key and refuses one signed with neither', async () => {
    assert.equal((await joinWith('primary', APP_KEY)).type, 'joined');
    assert.equal((await joinWith('secondary', 'the-next-app-key')).type, 'joined');
    const refused = await joinWith('neither', 'some-other-key');
    assert.equal(refused.code, 'InvalidToken');
    assert.equal(refused.message, 'the token signature does not match the AppKey');
  });

  it('answers TokenExpired for an expired token signed with the secondary key', async () => {
    const expired = await joinWith('late', 'the-next-app-key', Math.floor(h.now() / 1000) - 5);
    assert.equal(expired.code, 'TokenExpired');
  });
});
