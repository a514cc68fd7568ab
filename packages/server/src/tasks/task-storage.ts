import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectLocation, ObjectStore } from '../storage/object-store.js';
import { DEFAULT_VOD_BUCKET } from './recording/record-outputs.js';
import type { RecordingStorage } from './recording/recording-spec.js';
import { newVid } from './recording/record-file-name.js';

/**
 * Where a live task's files go (snapshots, segments, web recordings): a recording's targets, plus veImageX for
 * snapshots (kept under the `imagex` bucket, by ServiceId: our choice, docs/tasks.md).
 */
export type TaskStorage = RecordingStorage | { type: 'imagex'; serviceId: string };

/** Where one stored file is: its object key (TOS, custom, veImageX) or its Vid (VOD). */
export interface StoredFile {
  bucket: string;
  objectKey?: string;
  vid?: string;
  size: number;
}

/** A stored file as RecordFileList and the RealTimeData callbacks name it: `{Vid}` or `{ObjectKey}`. */
export function storedWhere(stored: StoredFile): { Vid: string } | { ObjectKey: string } {
  return stored.vid ? { Vid: stored.vid } : { ObjectKey: stored.objectKey! };
}

/**
 * A live task's files in the server's object store: which bucket a task's storage writes to (VOD into the
 * configured VOD bucket, as recordings), the check at start, and making a file in a work folder then storing it.
 */
export class TaskFiles {
  constructor(
    readonly store: ObjectStore,
    /** Where the work files are made before they are stored. */
    readonly workDir: string,
    readonly vodBucket = DEFAULT_VOD_BUCKET,
  ) {}

  /** The bucket a task's storage writes to. */
  bucketOf(storage: TaskStorage): string {
    switch (storage.type) {
      case 'object':
        return storage.bucket;
      case 'vod':
        return this.vodBucket;
      case 'imagex':
        return 'imagex';
    }
  }

  /** Throws an Error naming the bucket when the task's storage cannot be written (a start fails with it). */
  async checkWritable(storage: TaskStorage): Promise<void> {
    const bucket = this.bucketOf(storage);
    try {
      await this.store.checkBucket(bucket);
    } catch (error) {
      throw new Error(`the storage bucket ${bucket} cannot be written`, { cause: error });
    }
  }

  /**
   * Makes a file (`make` writes it at the path it gets), then stores it under `name` (`prefix` as folders for
   * object storage): `<bucket>/<prefix><name>`, VOD `<vod bucket>/<Space>/<Vid>/<name>` (a new Vid), veImageX
   * `imagex/<ServiceId>/<name>`. The work file is removed either way; undefined when `signal` aborted meanwhile.
   * `what` names the file in the error a refused store throws.
   */
  async makeAndStore(
    storage: TaskStorage,
    name: string,
    what: string,
    make: (path: string) => Promise<void>,
    signal: AbortSignal,
    prefix = '',
  ): Promise<StoredFile | undefined> {
    await mkdir(this.workDir, { recursive: true });
    const path = join(this.workDir, `${randomUUID()}-${name}`);
    try {
      await make(path);
      if (signal.aborted) return undefined;
      try {
        return await this.#put(storage, name, path, prefix);
      } catch (error) {
        throw new Error(`storing ${what} in bucket ${this.bucketOf(storage)} failed`, { cause: error });
      }
    } finally {
      await rm(path, { force: true });
    }
  }

  async #put(storage: TaskStorage, name: string, source: string, prefix: string): Promise<StoredFile> {
    let location: ObjectLocation;
    let vid: string | undefined;
    switch (storage.type) {
      case 'object':
        location = { bucket: storage.bucket, key: prefix + name };
        break;
      case 'vod':
        vid = newVid();
        location = { bucket: this.vodBucket, key: `${storage.space}/${vid}/${name}` };
        break;
      case 'imagex':
        location = { bucket: 'imagex', key: `${storage.serviceId}/${prefix}${name}` };
        break;
    }
    const { size } = await this.store.put(location, source);
    return vid ? { bucket: location.bucket, vid, size } : { bucket: location.bucket, objectKey: location.key, size };
  }
}

/** Throws an Error naming `what` when a task's media tool (ffmpeg, the renderer) cannot run here. */
export async function checkTool(tool: { check(): Promise<void> }, what: string): Promise<void> {
  try {
    await tool.check();
  } catch (error) {
    throw new Error(`${what} cannot run on this server`, { cause: error });
  }
}
