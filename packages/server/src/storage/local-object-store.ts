import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { bucketProblem, keyProblem, type ObjectLocation, type ObjectStore } from './object-store.js';

/** Objects as files: bucket B, key K at `<root>/B/K` (root is `<data dir>/storage` by default). */
export class LocalObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file an object is kept in (after the same checks as put). */
  pathOf(location: ObjectLocation): string {
    const problem = bucketProblem(location.bucket) ?? keyProblem(location.key);
    if (problem) throw new Error(problem);
    const path = resolve(this.root, location.bucket, location.key);
    const inside = relative(join(this.root, location.bucket), path);
    if (inside.startsWith('..') || inside.startsWith(sep)) throw new Error('the object key leaves its bucket');
    return path;
  }

  async put(location: ObjectLocation, source: string): Promise<{ size: number }> {
    const path = this.pathOf(location);
    await mkdir(dirname(path), { recursive: true });
    try {
      await rename(source, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(source, path);
      await unlink(source);
    }
    return { size: (await stat(path)).size };
  }

  async checkBucket(bucket: string): Promise<void> {
    const problem = bucketProblem(bucket);
    if (problem) throw new Error(problem);
    await mkdir(join(this.root, bucket), { recursive: true });
  }

  async sizeOf(location: ObjectLocation): Promise<number | undefined> {
    const path = this.pathOf(location);
    return stat(path).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
  }

  async read(location: ObjectLocation, start: number, end: number): Promise<Readable> {
    const stream = createReadStream(this.pathOf(location), { start, end });
    // Opened before it is handed over: a file gone since sizeOf is an error here, not in the middle of an answer.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return stream;
  }
}
