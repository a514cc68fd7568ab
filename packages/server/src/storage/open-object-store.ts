import { join } from 'node:path';
import { LocalObjectStore } from './local-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore, type S3StorageOptions } from './s3-object-store.js';

/** The object store of a data directory: the S3-compatible server when `s3` is given, else `<dataDir>/storage`. */
export function openObjectStore(dataDir: string, s3?: S3StorageOptions): ObjectStore {
  return s3 ? new S3ObjectStore(s3) : new LocalObjectStore(join(dataDir, 'storage'));
}
