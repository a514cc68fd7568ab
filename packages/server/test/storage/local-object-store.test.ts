import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';

describe('LocalObjectStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-objects-'));
  const store = new LocalObjectStore(join(dir, 'storage'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('moves a file to <root>/<bucket>/<key>, folders made, and answers its size', async () => {
    const source = join(dir, 'rendered.mp4');
    writeFileSync(source, 'media bytes');
    const { size } = await store.put({ bucket: 'my-bucket', key: 'a/b/file.mp4' }, source);
    assert.equal(size, 11);
    assert.equal(readFileSync(join(dir, 'storage', 'my-bucket', 'a', 'b', 'file.mp4'), 'utf8'), 'media bytes');
    assert.equal(existsSync(source), false);
  });

  it('refuses keys and buckets that would leave the bucket or are not names', async () => {
    for (const key of ['../x.mp4', 'a/../../x.mp4', '/abs.mp4', 'a//b.mp4', 'a\\b.mp4', 'a/./b.mp4']) {
      assert.throws(() => store.pathOf({ bucket: 'ok-bucket', key }), /object key/, key);
    }
    for (const bucket of ['..', 'UPPER', 'a', 'with/slash', 'x'.repeat(64)]) {
      assert.throws(() => store.pathOf({ bucket, key: 'k.mp4' }), /bucket/, bucket);
      await assert.rejects(store.checkBucket(bucket), /bucket/);
    }
  });

  it("answers an object's size and reads a range of it; a missing object has no size", async () => {
    const source = join(dir, 'ranged.bin');
    writeFileSync(source, '0123456789');
    await store.put({ bucket: 'my-bucket', key: 'r/ranged.bin' }, source);
    assert.equal(await store.sizeOf({ bucket: 'my-bucket', key: 'r/ranged.bin' }), 10);
    assert.equal(await store.sizeOf({ bucket: 'my-bucket', key: 'r/none.bin' }), undefined);
    assert.equal(await store.sizeOf({ bucket: 'my-bucket', key: 'r' }), undefined, 'a folder is no object');
    let read = '';
    for await (const chunk of await store.read({ bucket: 'my-bucket', key: 'r/ranged.bin' }, 3, 6)) read += chunk;
    assert.equal(read, '3456');
    await assert.rejects(store.read({ bucket: 'my-bucket', key: 'r/none.bin' }, 0, 1), /ENOENT/);
  });
});
