// A live task's files: made in the work folder, stored in the bucket the task's storage names (VOD into the
// configured VOD bucket, as recordings), the work file gone either way, nothing stored once the task is aborted.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LocalObjectStore } from '../../src/storage/local-object-store.js';
import { TaskFiles } from '../../src/tasks/task-storage.js';
import { tempDataDir } from '../store/temp-data-dir.js';

describe('TaskFiles', () => {
  it('stores object and VOD files where their storage says, with the configured VOD bucket', async (t) => {
    const dir = tempDataDir(t);
    const files = new TaskFiles(new LocalObjectStore(join(dir, 'storage')), join(dir, 'work'), 'my-vod');
    const never = new AbortController().signal;
    const write = (text: string) => (path: string) => writeFile(path, text);

    const object = await files.makeAndStore(
      { type: 'object', bucket: 'shots', vendor: 'tos' },
      'a.jpg',
      'a snapshot',
      write('one'),
      never,
      'p/',
    );
    assert.deepEqual(object, { bucket: 'shots', objectKey: 'p/a.jpg', size: 3 });
    assert.equal(readFileSync(join(dir, 'storage', 'shots', 'p', 'a.jpg'), 'utf8'), 'one');

    const vod = await files.makeAndStore({ type: 'vod', space: 'space1' }, 'b.mp3', 'a slice', write('three'), never);
    assert.equal(vod!.bucket, 'my-vod');
    assert.match(vod!.vid!, /^v0[a-z0-9]{30}$/);
    assert.equal(readFileSync(join(dir, 'storage', 'my-vod', 'space1', vod!.vid!, 'b.mp3'), 'utf8'), 'three');
    assert.equal(files.bucketOf({ type: 'vod', space: 'space1' }), 'my-vod');

    assert.deepEqual(readdirSync(join(dir, 'work')), [], 'no work file is left');
  });

  it('stores nothing when the task was aborted while the file was made, and says which bucket refused', async (t) => {
    const dir = tempDataDir(t);
    const files = new TaskFiles(new LocalObjectStore(join(dir, 'storage')), join(dir, 'work'));
    const abort = new AbortController();
    const made = await files.makeAndStore(
      { type: 'object', bucket: 'shots', vendor: 'tos' },
      'c.jpg',
      'a snapshot',
      async (path) => {
        await writeFile(path, 'x');
        abort.abort();
      },
      abort.signal,
    );
    assert.equal(made, undefined);
    assert.equal(existsSync(join(dir, 'storage', 'shots', 'c.jpg')), false);
    assert.deepEqual(readdirSync(join(dir, 'work')), []);

    // A bucket name the store refuses: the error names what was stored and where.
    await assert.rejects(
      files.makeAndStore(
        { type: 'object', bucket: '../escape', vendor: 'tos' },
        'd.jpg',
        'a snapshot',
        (p) => writeFile(p, 'x'),
        new AbortController().signal,
      ),
      /storing a snapshot in bucket \.\.\/escape failed/,
    );
    assert.deepEqual(readdirSync(join(dir, 'work')), []);
  });
});
