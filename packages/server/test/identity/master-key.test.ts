import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateMasterKey, loadMasterKey, MASTER_KEY_FILE_NAME } from '../../src/identity/master-key.js';
import { openServices } from '../../src/store/open-services.js';
import { tempDataDir } from '../store/temp-data-dir.js';

test('the first start creates master.key readable by its owner only, and later starts reuse it', (t) => {
  const dataDir = tempDataDir(t);
  const created = loadMasterKey({ dataDir, env: {} });
  assert.equal(created.source, 'file-created');
  const path = join(dataDir, MASTER_KEY_FILE_NAME);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').length, 32);
  const again = loadMasterKey({ dataDir, env: {} });
  assert.equal(again.source, 'file');
  assert.ok(again.key.equals(created.key));
});

test('a master.key others can read is tightened to 0600', (t) => {
  const dataDir = tempDataDir(t);
  loadMasterKey({ dataDir, env: {} });
  const path = join(dataDir, MASTER_KEY_FILE_NAME);
  chmodSync(path, 0o644);
  loadMasterKey({ dataDir, env: {} });
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('RTC_MASTER_KEY wins over the file and must be 32 bytes of base64', (t) => {
  const dataDir = tempDataDir(t);
  const key = generateMasterKey();
  const loaded = loadMasterKey({ dataDir, env: { RTC_MASTER_KEY: key } });
  assert.equal(loaded.source, 'env');
  assert.equal(loaded.key.toString('base64'), key);
  assert.throws(
    () => loadMasterKey({ dataDir, env: { RTC_MASTER_KEY: Buffer.alloc(16).toString('base64') } }),
    /RTC_MASTER_KEY must be the base64 encoding of exactly 32 bytes/,
  );
  assert.throws(() => loadMasterKey({ dataDir, env: { RTC_MASTER_KEY: 'not base64 at all!' } }), /RTC_MASTER_KEY/);
});

test('a data directory refuses to open under another master key instead of failing every request', async (t) => {
  const dataDir = tempDataDir(t);
  const first = openServices({ dataDir, env: { RTC_MASTER_KEY: generateMasterKey() } });
  first.close();
  assert.throws(
    () => openServices({ dataDir, env: { RTC_MASTER_KEY: generateMasterKey() } }),
    /master key does not match/,
  );
  // A corrupt master.key file is reported too.
  const other = tempDataDir(t);
  writeFileSync(join(other, MASTER_KEY_FILE_NAME), 'short\n', { mode: 0o600 });
  assert.throws(() => openServices({ dataDir: other, env: {} }), /master\.key must be the base64 encoding/);
});
