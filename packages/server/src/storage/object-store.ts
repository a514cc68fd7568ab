import type { Readable } from 'node:stream';

/** Where a task's files go: a bucket and an object key, as TOS and S3 name them. */
export interface ObjectLocation {
  bucket: string;
  key: string;
}

/**
 * Object storage behind the tasks: the data directory by default (LocalObjectStore), or an S3-compatible server
 * (S3ObjectStore, `serve --storage-endpoint`).
 */
export interface ObjectStore {
  /**
   * Moves the file at `source` into storage as `location` (the file is gone once this resolves; it stays where it
   * was when this rejects); resolves with the stored object's size in bytes. `signal` ends an upload early.
   */
  put(location: ObjectLocation, source: string, signal?: AbortSignal): Promise<{ size: number }>;
  /** Throws an Error saying why `bucket` cannot be written (a task on it fails to start). */
  checkBucket(bucket: string): Promise<void>;
  /** A stored object's size in bytes; undefined when there is no such object. Throws when storage cannot say. */
  sizeOf(location: ObjectLocation): Promise<number | undefined>;
  /** Bytes `start` to `end` (inclusive, within the object) of a stored object, as a stream; destroy it to stop. */
  read(location: ObjectLocation, start: number, end: number): Promise<Readable>;
  /** Lets go of connections. */
  close?(): void;
}

/** Bucket names as TOS and S3 allow them (3-63 lowercase letters, digits, dots, hyphens), plus `vod` paths. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Why a bucket name cannot be used, or undefined. */
export function bucketProblem(bucket: string): string | undefined {
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    return 'a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens';
  }
  return undefined;
}

/** Why an object key cannot be used, or undefined: no empty, `.` or `..` segment, no leading slash, ≤ 1024 bytes. */
export function keyProblem(key: string): string | undefined {
  if (Buffer.byteLength(key) > 1024) return 'an object key is at most 1024 bytes';
  if (key.startsWith('/')) return 'an object key does not start with /';
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return 'an object key has no empty, . or .. segment';
  }
  if (/[\u0000-\u001f\\]/.test(key)) return 'an object key has no control characters or backslashes';
  return undefined;
}
