import type { ObjectLocation, ObjectStore } from '../storage/object-store.js';
import type { RecordingStorage } from './recording/recording-spec.js';
import { newVid } from './recording/record-file-name.js';

/**
 * Where a live task's files go (snapshots, segments, web recordings): a recording's targets, plus veImageX for
 * snapshots (kept under the `imagex` bucket, by ServiceId: our choice, docs/tasks.md).
 */
export type TaskStorage = RecordingStorage | { type: 'imagex'; serviceId: string };

/** The bucket a task's storage writes to (checked when the task starts). */
export function storageBucket(storage: TaskStorage): string {
  switch (storage.type) {
    case 'object':
      return storage.bucket;
    case 'vod':
      return 'vod';
    case 'imagex':
      return 'imagex';
  }
}

/** Where one stored file is: its object key (TOS, custom, veImageX) or its Vid (VOD). */
export interface StoredFile {
  bucket: string;
  objectKey?: string;
  vid?: string;
  size: number;
}

/**
 * Moves the file at `source` into the task's storage under `name` (with `prefix` as folders, for object storage):
 * `<bucket>/<prefix><name>`, VOD `vod/<Space>/<Vid>/<name>` (a new Vid), veImageX `imagex/<ServiceId>/<name>`.
 */
export async function storeTaskFile(
  store: ObjectStore,
  storage: TaskStorage,
  name: string,
  source: string,
  prefix = '',
): Promise<StoredFile> {
  let location: ObjectLocation;
  let vid: string | undefined;
  switch (storage.type) {
    case 'object':
      location = { bucket: storage.bucket, key: prefix + name };
      break;
    case 'vod':
      vid = newVid();
      location = { bucket: 'vod', key: `${storage.space}/${vid}/${name}` };
      break;
    case 'imagex':
      location = { bucket: 'imagex', key: `${storage.serviceId}/${prefix}${name}` };
      break;
  }
  const { size } = await store.put(location, source);
  return vid ? { bucket: location.bucket, vid, size } : { bucket: location.bucket, objectKey: location.key, size };
}
