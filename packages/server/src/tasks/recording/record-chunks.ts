import { createHash, randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { jobKey, sliceJob } from '../../media/job-slice.js';
import type { MediaWorker, RenderJob } from '../../media/media-worker.js';
import type { TaskRow } from '../task-model.js';

/**
 * Recordings render in chunks of this much task-relative wall-clock time, aligned to the task's start, so that the
 * finished ones are rendered while the task runs and a stop has only the last one left to render (our design).
 */
export const CHUNK_MS = 5000;

/** The folder of one task run's rendered chunks (a TaskId started again is another run). */
export function chunkDirOf(root: string, row: Pick<TaskRow, 'kind' | 'appId' | 'roomId' | 'taskId' | 'startTime'>) {
  const id = `${row.kind}\u0000${row.appId}\u0000${row.roomId}\u0000${row.taskId}\u0000${row.startTime}`;
  return join(root, createHash('sha256').update(id).digest('hex').slice(0, 32));
}

/** The chunks of [from, to) (ms into the task): cut at every multiple of CHUNK_MS. */
export function chunkRanges(from: number, to: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let at = from; at < to;) {
    const end = Math.min(to, (Math.floor(at / CHUNK_MS) + 1) * CHUNK_MS);
    ranges.push([at, end]);
    at = end;
  }
  return ranges;
}

/**
 * Renders one chunk of a file's job (`job` covers the file, which starts `offset` ms into the task; the chunk is
 * [from, to) ms into the task) into the chunk folder, unless the same chunk is there already; resolves with its path.
 * Chunks are named by their content (jobKey), so a chunk rendered while the task ran is used only if the stopped
 * task's file would have rendered exactly it.
 */
export async function renderChunk(
  media: MediaWorker,
  job: RenderJob,
  offset: number,
  range: [number, number],
  dir: string,
  signal?: AbortSignal,
): Promise<string> {
  const part = sliceJob(job, range[0] - offset, range[1] - offset, '');
  const path = join(dir, `${jobKey(part)}.mp4`);
  if (await exists(path)) return path;
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `${randomUUID()}.part`);
  await media.render({ ...part, output: partial }, signal);
  await rename(partial, path);
  return path;
}

/** Renders a file's job chunk by chunk (reusing chunks rendered while the task ran) and joins them at job.output. */
export async function renderChunked(
  media: MediaWorker,
  job: RenderJob,
  offset: number,
  dir: string,
  signal: AbortSignal,
): Promise<void> {
  const parts: string[] = [];
  for (const range of chunkRanges(offset, offset + job.durationMs)) {
    parts.push(await renderChunk(media, job, offset, range, dir, signal));
  }
  if (parts.length === 1) await copyFile(parts[0]!, job.output);
  else await media.concat(parts, job.output, signal);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
