import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ObjectStore } from '../../storage/object-store.js';
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
}

const MANIFEST = 'manifest.json';

/**
 * Stores a stopped task's rendered files, and keeps them when storage refuses: the task's work folder moves to
 * `<keptDir>/<id>/` with a manifest of what is left, and `retryAll` (at start-up and then on a timer) stores it later.
 * Nothing rendered is deleted before it is stored.
 */
export class RecordUploads {
  readonly keptDir: string;
  readonly #storage: ObjectStore;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  #retrying: Promise<void> | undefined;

  constructor(deps: { storage: ObjectStore; keptDir: string; now: () => number; logger?: Logger }) {
    this.#storage = deps.storage;
    this.keptDir = deps.keptDir;
    this.#now = deps.now;
    this.#logger = deps.logger;
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
   * Tries every kept upload again (one pass at a time); `onStored` is told of each one whose objects are now all
   * stored, after which its folder is removed. A refused one stays for the next pass.
   */
  retryAll(onStored: (kept: KeptUpload) => void): Promise<void> {
    this.#retrying ??= this.#retryPass(onStored).finally(() => {
      this.#retrying = undefined;
    });
    return this.#retrying;
  }

  /** Resolves when no retry pass is running. */
  async idle(): Promise<void> {
    await this.#retrying;
  }

  /** The kept uploads waiting for a retry. */
  async list(): Promise<KeptUpload[]> {
    const out: KeptUpload[] = [];
    for (const id of await this.#ids()) {
      const kept = await this.#read(id);
      if (kept) out.push(kept);
    }
    return out;
  }

  async #retryPass(onStored: (kept: KeptUpload) => void): Promise<void> {
    for (const id of await this.#ids()) {
      const kept = await this.#read(id);
      if (!kept) continue;
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
      await writeFile(join(dir, MANIFEST), JSON.stringify(kept));
      if (kept.objects.length > 0) {
        this.#logger?.warn({ taskId: kept.taskId, kept: dir, left: kept.objects.length }, 'retrying an upload failed');
        continue;
      }
      this.#logger?.info({ taskId: kept.taskId, roomId: kept.roomId }, 'a kept recording is stored');
      onStored(kept);
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #keep(work: string, kept: KeptUpload): Promise<string> {
    const dir = join(this.keptDir, randomUUID());
    await mkdir(this.keptDir, { recursive: true });
    await rename(work, dir);
    await writeFile(join(dir, MANIFEST), JSON.stringify(kept));
    return dir;
  }

  async #ids(): Promise<string[]> {
    try {
      return (await readdir(this.keptDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
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
