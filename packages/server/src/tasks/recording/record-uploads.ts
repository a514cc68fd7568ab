import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ObjectStore } from '../../storage/object-store.js';

/** What storing kept files needs of the object store. */
type UploadTarget = Pick<ObjectStore, 'put' | 'checkBucket'>;
import { claimFolder, folderClaimed } from './folder-claim.js';
import type { TaskFile, TaskKey, TaskKind, TaskRow } from '../task-model.js';
import type { MadeFile, PendingObject } from './record-outputs.js';

/** A task's files that storage refused: kept on disk with what is left to store (`manifest.json` beside them). */
export interface KeptUpload extends TaskKey {
  kind: TaskKind;
  /** The run of the task they belong to (a TaskId started again is another run). */
  startTime: number;
  /** The file list as it will be once everything is stored. */
  files: TaskFile[];
  /** What is not stored yet; paths relative to the kept folder. */
  objects: PendingObject[];
  /** Why the last attempt failed. */
  error: string;
  keptAt: number;
  /** Whether RecordUploadDone is sent once they are stored (the recording server's --record-upload-done). */
  uploadDone?: boolean;
}

/** A kept upload and the name of its folder, which the admin API and CLI call it by. */
export interface KeptEntry extends KeptUpload {
  id: string;
  /** A retry of it is running now (in this process or another on the same data directory). */
  retrying: boolean;
}

/** The outcome of one attempt to store a kept upload. */
export interface KeptAttempt {
  kept: KeptEntry;
  /** Everything is stored now (its folder is gone). */
  stored: boolean;
}

const MANIFEST = 'manifest.json';
/** Folder names are random UUIDs; anything else names no kept upload (and never reaches the file system). */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Why a kept upload cannot be retried now. */
export class KeptUploadError extends Error {
  constructor(
    readonly reason: 'not-found' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'KeptUploadError';
  }
}

/**
 * Stores a stopped task's rendered files, and keeps them when storage refuses: the task's work folder moves to
 * `<keptDir>/<id>/` with a manifest of what is left, and `retryAll` (at start-up and then on a timer) or `retry` (one,
 * asked through the admin API or CLI) stores it later. Nothing rendered is deleted before it is stored. A retry holds
 * a claim on the folder (folder-claim.ts), so that the server's timer and an admin CLI on the same data directory
 * never upload one folder at once, even when both find a crashed retry's claim at the same moment.
 */
export class RecordUploads {
  readonly keptDir: string;
  readonly #storage: UploadTarget;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #uploadDone: boolean;
  #retrying: Promise<void> | undefined;

  constructor(deps: {
    storage: UploadTarget;
    keptDir: string;
    now: () => number;
    logger?: Logger;
    /** Written into the manifests of uploads kept from now on (KeptUpload.uploadDone). */
    uploadDone?: boolean;
  }) {
    this.#storage = deps.storage;
    this.keptDir = deps.keptDir;
    this.#now = deps.now;
    this.#logger = deps.logger;
    this.#uploadDone = deps.uploadDone ?? false;
  }

  /**
   * Uploads every object of `made` from `work`, in order. When one is refused the rest are kept (the work folder is
   * moved under keptDir) and this rejects with the reason; aborted (the server closing), nothing is kept: the task
   * is still `stopping` and the next start renders it again.
   */
  async store(row: TaskRow, work: string, made: readonly MadeFile[], signal: AbortSignal): Promise<void> {
    const objects = made.flatMap((m) => m.objects);
    let stored = 0;
    try {
      for (const object of objects) {
        await this.#storage.put(object.location, join(work, object.file), signal);
        stored++;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const failed = objects[stored]!.location;
      const kept: KeptUpload = {
        kind: row.kind,
        appId: row.appId,
        roomId: row.roomId,
        taskId: row.taskId,
        startTime: row.startTime,
        files: made.map((m) => m.file),
        objects: objects.slice(stored),
        error: reason,
        keptAt: this.#now(),
        uploadDone: this.#uploadDone,
      };
      const where = await this.#keep(work, kept);
      this.#logger?.warn(
        { taskId: row.taskId, roomId: row.roomId, appId: row.appId, kept: where, left: kept.objects.length },
        'storage refused a recording; its files are kept for a retry',
      );
      throw new Error(
        `storing ${failed.key} in bucket ${failed.bucket} failed: ${reason}; the files are kept for a retry`,
      );
    }
  }

  /**
   * Tries every kept upload again (one pass at a time; folders another retry holds are left to it); `onStored` is
   * told of each one whose objects are now all stored, after which its folder is removed. A refused one stays for
   * the next pass.
   */
  retryAll(onStored: (kept: KeptUpload) => void): Promise<void> {
    this.#retrying ??= this.#retryPass(onStored).finally(() => {
      this.#retrying = undefined;
    });
    return this.#retrying;
  }

  /**
   * Tries one kept upload again now. KeptUploadError `not-found` when there is no such id, `busy` when another retry
   * holds it. `onStored` as in retryAll.
   */
  async retry(id: string, onStored: (kept: KeptUpload) => void): Promise<KeptAttempt> {
    const kept = ID.test(id) ? await this.#read(id) : undefined;
    if (!kept) throw new KeptUploadError('not-found', `no kept upload ${id}`);
    const release = await claimFolder(join(this.keptDir, id));
    if (!release) throw new KeptUploadError('busy', `a retry of kept upload ${id} is running`);
    let stored: boolean;
    try {
      // Read again under the claim: a retry that just finished may have stored some of it.
      const current = await this.#read(id);
      if (!current) throw new KeptUploadError('not-found', `kept upload ${id} was stored meanwhile`);
      stored = await this.#attempt(id, current, onStored);
      return { kept: { ...current, id, retrying: false }, stored };
    } finally {
      await release();
    }
  }

  /** Resolves when no retry pass is running. */
  async idle(): Promise<void> {
    await this.#retrying;
  }

  /** The kept uploads waiting for a retry, oldest first. */
  async list(): Promise<KeptEntry[]> {
    const out: KeptEntry[] = [];
    for (const id of await this.#ids()) {
      const kept = await this.#read(id);
      if (kept) out.push({ ...kept, id, retrying: await folderClaimed(join(this.keptDir, id)) });
    }
    return out.sort((a, b) => a.keptAt - b.keptAt);
  }

  async #retryPass(onStored: (kept: KeptUpload) => void): Promise<void> {
    for (const id of await this.#ids()) {
      const release = await claimFolder(join(this.keptDir, id));
      if (!release) continue;
      try {
        const kept = await this.#read(id);
        if (kept) await this.#attempt(id, kept, onStored);
      } finally {
        await release();
      }
    }
  }

  /** Stores what is left of one kept upload (its folder claimed); true when everything is stored and its folder gone. */
  async #attempt(id: string, kept: KeptUpload, onStored: (kept: KeptUpload) => void): Promise<boolean> {
    const dir = join(this.keptDir, id);
    while (kept.objects.length > 0) {
      const object = kept.objects[0]!;
      try {
        await this.#storage.put(object.location, join(dir, object.file));
      } catch (error) {
        kept.error = error instanceof Error ? error.message : String(error);
        break;
      }
      kept.objects.shift();
    }
    await this.#writeManifest(dir, kept);
    if (kept.objects.length > 0) {
      this.#logger?.warn({ taskId: kept.taskId, kept: dir, left: kept.objects.length }, 'retrying an upload failed');
      return false;
    }
    this.#logger?.info({ taskId: kept.taskId, roomId: kept.roomId }, 'a kept recording is stored');
    onStored(kept);
    // Another retry's claim may come and go inside the folder while it is removed (ENOTEMPTY): tried again.
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    return true;
  }

  async #keep(work: string, kept: KeptUpload): Promise<string> {
    const dir = join(this.keptDir, randomUUID());
    await mkdir(this.keptDir, { recursive: true });
    await rename(work, dir);
    await this.#writeManifest(dir, kept);
    return dir;
  }

  /** Written beside and renamed over, so that a reader never sees half a manifest. */
  async #writeManifest(dir: string, kept: KeptUpload): Promise<void> {
    const next = join(dir, `${MANIFEST}.next`);
    await writeFile(next, JSON.stringify(kept));
    await rename(next, join(dir, MANIFEST));
  }

  async #ids(): Promise<string[]> {
    try {
      return (await readdir(this.keptDir, { withFileTypes: true }))
        .filter((d) => d.isDirectory() && ID.test(d.name))
        .map((d) => d.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async #read(id: string): Promise<KeptUpload | undefined> {
    try {
      return JSON.parse(await readFile(join(this.keptDir, id, MANIFEST), 'utf8')) as KeptUpload;
    } catch {
      // A folder being moved in has no manifest yet.
      return undefined;
    }
  }
}
