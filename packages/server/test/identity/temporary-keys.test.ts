import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordError } from '../../src/store/record-error.js';
import { tempServices } from '../store/temp-data-dir.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');

function fieldError(field: string) {
  return (error: unknown) => error instanceof RecordError && error.field === field;
}

test('a temporary key resolves with a token check: its own token, before its expiry', async (t) => {
  const { identity } = tempServices(t, { now: () => NOW });
  const account = await identity.createAccount({ rtcEnabled: true });
  const key = await identity.createTemporaryAccessKey(account.mainUserId, { ttlSeconds: 900 });
  assert.equal(key.expiresAt, '2026-03-01T00:15:00.000Z');
  const resolved = await identity.resolveAccessKey(key.accessKeyId);
  assert.equal(resolved?.secretAccessKey, key.secretAccessKey);
  const check = resolved!.checkSessionToken!;
  const expiry = Date.parse(key.expiresAt);
  assert.doesNotThrow(() => check(key.sessionToken, expiry - 1));
  for (const [token, at, reason] of [
    [undefined, expiry - 1, /must carry its session token/],
    ['', expiry - 1, /must carry its session token/],
    [key.sessionToken.slice(0, -1), expiry - 1, /not the one issued/],
    [key.sessionToken, expiry, /expired at 2026-03-01T00:15:00.000Z/],
  ] as const) {
    assert.throws(
      () => check(token, at),
      (error: unknown) =>
        error instanceof Error &&
        (error as { code?: string }).code === 'InvalidSecretToken' &&
        reason.test(error.message) &&
        !error.message.includes(key.sessionToken),
    );
  }
  // Long-term keys have no token check.
  const longTerm = await identity.createAccessKey(account.mainUserId);
  assert.equal((await identity.resolveAccessKey(longTerm.accessKeyId))?.checkSessionToken, undefined);
});

test('given values are checked and name their field; the expiry must lie ahead', async (t) => {
  const { identity } = tempServices(t, { now: () => NOW });
  const { mainUserId } = await identity.createAccount({});
  const issue = (input: Parameters<typeof identity.createTemporaryAccessKey>[1]) =>
    identity.createTemporaryAccessKey(mainUserId, input);
  await assert.rejects(
    issue({ accessKeyId: 'AKLTtestAccessKeyId0000000000000000000000000' }),
    fieldError('accessKeyId'),
  );
  await assert.rejects(issue({ sessionToken: 'short' }), fieldError('sessionToken'));
  await assert.rejects(issue({ secretAccessKey: 'tiny' }), fieldError('secretAccessKey'));
  await assert.rejects(issue({ ttlSeconds: 59 }), fieldError('ttlSeconds'));
  await assert.rejects(issue({ ttlSeconds: 43_201 }), fieldError('ttlSeconds'));
  await assert.rejects(issue({ expiresAt: NOW }), fieldError('expiresAt'));
  await assert.rejects(issue({ expiresAt: new Date(NOW.getTime() + 1000), ttlSeconds: 60 }), fieldError('ttlSeconds'));
  await assert.rejects(identity.createTemporaryAccessKey('123', {}), fieldError('userId'));
  // A long-term key id cannot be given an AKTP id either.
  await assert.rejects(
    identity.createAccessKey(mainUserId, { accessKeyId: 'AKTPtestTemporaryAccessKeyId000000000000' }),
    fieldError('accessKeyId'),
  );

  const given = await issue({
    accessKeyId: 'AKTPtestTemporaryAccessKeyId000000000000',
    secretAccessKey: 'dGVzdFNlY3JldEFjY2Vzc0tleTAwMDAwMDAwMDAwMDAwMDA=',
    sessionToken: 'STS2givenTokenForTheTest',
    expiresAt: new Date('2026-03-02T00:00:00.000Z'),
  });
  assert.equal(given.sessionToken, 'STS2givenTokenForTheTest');
  await assert.rejects(issue({ accessKeyId: given.accessKeyId }), fieldError('accessKeyId'));
  const listed = await identity.listAccessKeys({ userId: mainUserId });
  assert.deepEqual(
    listed.map((k) => k.expiresAt),
    ['2026-03-02T00:00:00.000Z'],
  );
});

test('expired temporary keys are deleted a day after their expiry: at open and then hourly', async (t) => {
  let clock = NOW.getTime();
  const now = () => new Date(clock);
  t.mock.timers.enable({ apis: ['setInterval'] });
  const first = tempServices(t, { now });
  const account = await first.identity.createAccount({ rtcEnabled: true });
  const early = await first.identity.createTemporaryAccessKey(account.mainUserId, { ttlSeconds: 60 });
  const late = await first.identity.createTemporaryAccessKey(account.mainUserId, { ttlSeconds: 3600 });
  const longTerm = await first.identity.createAccessKey(account.mainUserId);
  const keyIds = async (services: typeof first) =>
    (await services.identity.listAccessKeys({ userId: account.mainUserId })).map((k) => k.accessKeyId).sort();
  first.close();

  // At open: `early` expired a day and a minute ago, `late` only a day ago (kept until it is more than a day).
  clock = Date.parse(early.expiresAt) + 86_400_000 + 60_000;
  const second = tempServices(t, { now }, first.dataDir);
  assert.deepEqual(await keyIds(second), [late.accessKeyId, longTerm.accessKeyId].sort());
  assert.equal(await second.identity.resolveAccessKey(early.accessKeyId), undefined);

  // An hour later the timer deletes `late`; the long-term key stays.
  clock += 3_600_000;
  t.mock.timers.tick(3_600_000);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(await keyIds(second), [longTerm.accessKeyId]);
});

test('pruneExpiredTemporaryKeys deletes only temporary keys expired longer than the grace time', async (t) => {
  let clock = NOW.getTime();
  const { identity } = tempServices(t, { now: () => new Date(clock) });
  const account = await identity.createAccount({ rtcEnabled: true });
  const key = await identity.createTemporaryAccessKey(account.mainUserId, { ttlSeconds: 60 });
  await identity.createAccessKey(account.mainUserId);
  assert.ok(await identity.resolveAccessKey(key.accessKeyId)); // cached now: pruning must drop the cache too
  clock = Date.parse(key.expiresAt) + 86_400_000;
  assert.equal(await identity.pruneExpiredTemporaryKeys(), 0);
  assert.equal(await identity.pruneExpiredTemporaryKeys(86_399_999), 1);
  assert.equal(await identity.resolveAccessKey(key.accessKeyId), undefined);
  assert.equal(await identity.pruneExpiredTemporaryKeys(0), 0);
});
