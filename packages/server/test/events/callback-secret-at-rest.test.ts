import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallbackConfigs } from '../../src/events/callback-configs.js';
import { SqliteEventStore } from '../../src/events/sqlite-event-store.js';
import { SecretCipher } from '../../src/identity/secret-cipher.js';
import { APP_ID, TEST_CIPHER, openRoomsDb } from '../rooms/rooms-harness.js';

const SECRET = 'cb-secret-Zq81';
const subscription = (businessId: string) => ({
  appId: APP_ID,
  businessId,
  accountId: '2100000001',
  url: 'https://hooks.example.com/rtc',
  secretKey: SECRET,
  eventList: ['RoomCreate'],
  region: 'cn-north-1',
});

interface RawRow {
  business_id: string;
  secret_key: string;
  secret_ciphertext: Buffer | null;
}

test('callback secrets are stored sealed under the master key and read back whole', (t) => {
  const db = openRoomsDb();
  t.after(() => db.close());
  const configs = new CallbackConfigs(new SqliteEventStore(db), TEST_CIPHER);
  assert.equal(configs.create(subscription('a'), new Date()), true);
  const raw = db.prepare('SELECT * FROM callback_configs').get() as RawRow;
  assert.equal(raw.secret_key, '');
  assert.ok(raw.secret_ciphertext instanceof Buffer);
  assert.equal(raw.secret_ciphertext.includes(Buffer.from(SECRET)), false, 'the secret is not in the stored bytes');
  assert.equal(configs.get(APP_ID, 'a')?.secretKey, SECRET);

  configs.update(APP_ID, 'a', { url: 'https://hooks.example.com/v2', secretKey: 'rotated', eventList: [] }, new Date());
  assert.equal(configs.list(APP_ID)[0]?.secretKey, 'rotated');
  assert.equal((db.prepare('SELECT secret_key FROM callback_configs').get() as RawRow).secret_key, '');

  // Another master key does not open them.
  assert.throws(() =>
    new CallbackConfigs(new SqliteEventStore(db), new SecretCipher(Buffer.alloc(32, 8))).get(APP_ID, 'a'),
  );
});

test('a sealed secret copied onto another subscription does not open there', (t) => {
  const db = openRoomsDb();
  t.after(() => db.close());
  const configs = new CallbackConfigs(new SqliteEventStore(db), TEST_CIPHER);
  configs.create(subscription('a'), new Date());
  configs.create({ ...subscription('b'), secretKey: 'other' }, new Date());
  db.prepare(
    `UPDATE callback_configs SET secret_ciphertext = (SELECT secret_ciphertext FROM callback_configs WHERE business_id = 'a')
      WHERE business_id = 'b'`,
  ).run();
  assert.equal(configs.get(APP_ID, 'a')?.secretKey, SECRET);
  assert.throws(() => configs.get(APP_ID, 'b'));
});

test('secrets stored readable before sealing (migration events/002) are sealed when the server starts', (t) => {
  const db = openRoomsDb();
  t.after(() => db.close());
  db.prepare(
    `INSERT INTO callback_configs (app_id, business_id, account_id, url, secret_key, event_list, region, created_at,
      updated_at) VALUES (?, 'old', '2100000001', 'https://hooks.example.com/rtc', ?, '["RoomCreate"]', 'cn-north-1',
      '', '')`,
  ).run(APP_ID, SECRET);
  const configs = new CallbackConfigs(new SqliteEventStore(db), TEST_CIPHER);
  const raw = db.prepare('SELECT * FROM callback_configs').get() as RawRow;
  assert.equal(raw.secret_key, '');
  assert.ok(raw.secret_ciphertext instanceof Buffer);
  assert.equal(configs.get(APP_ID, 'old')?.secretKey, SECRET);
});
