import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRoomsModule } from '../../src/rooms/rooms-module.js';
import { tempServices } from '../store/temp-data-dir.js';

test('rooms read an app through the one app cache (apps.by_id), and have none of their own', async (t) => {
  const services = tempServices(t);
  const account = await services.identity.createAccount({ name: 'acme', rtcEnabled: true });
  const app = await services.apps.createApp(account.accountId, { name: 'room-app' });
  const module = createRoomsModule({ db: services.db, apps: services.apps, cipher: services.cipher });
  t.after(() => module.close());
  const byId = () => services.caches.stats().find((c) => c.name === 'apps.by_id')!;

  const before = byId();
  for (let i = 0; i < 3; i++) assert.equal((await module.rooms.app(app.appId))?.appKey, app.appKey);
  const after = byId();
  assert.ok(after.misses - before.misses <= 1, 'read from the database at most once');
  assert.ok(after.hits - before.hits >= 2, 'then answered from the cache');

  // A change through the apps service is seen by presence at once: there is no second copy to go stale.
  await services.apps.setAppStatus(app.appId, 'disabled');
  assert.equal((await module.rooms.app(app.appId))?.status, 'disabled');
  assert.equal(await module.rooms.app('no-such-app'), undefined);
});
