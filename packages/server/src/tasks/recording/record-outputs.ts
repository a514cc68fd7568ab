import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MediaWorker } from '../../media/media-worker.js';
import { EXTENSION, type OutputFormat } from '../../media/output-formats.js';
import type { ObjectLocation } from '../../storage/object-store.js';
import type { TaskFile, TaskRow } from '../task-model.js';
import {
  DEFAULT_MIXED_PATTERN,
  DEFAULT_SINGLE_PATTERN,
  newVid,
  recordFileName,
  type FileNameValues,
} from './record-file-name.js';
import { renderJob, type FilePlan } from './record-plan.js';
import type { RecordingSpec } from './recording-spec.js';

/** One object to store: a rendered file (its path relative to the task's work directory) and where it goes. */
export interface PendingObject {
  location: ObjectLocation;
  file: string;
}

/** A file of the list, made, with the objects that store it (HLS: the playlist and its segments). */
export interface MadeFile {
  file: TaskFile;
  objects: PendingObject[];
}

/** The bucket VOD objects go to: `vod` in the data directory; a chosen one on an S3 server. */
export const DEFAULT_VOD_BUCKET = 'vod';

/**
 * Renders one planned file into `work` in every requested format (one file per format; MP4 the rendered one itself,
 * the others converted from it), each described as the file list will report it (what ffprobe reads from it, its
 * size) with the objects that will store it. Nothing is stored here: the caller uploads, and keeps `work` when that
 * fails.
 */
export async function renderPlanFiles(
  media: MediaWorker,
  row: TaskRow,
  spec: RecordingSpec,
  plan: FilePlan,
  where: { work: string; n: number; vodBucket: string },
  signal: AbortSignal,
): Promise<MadeFile[]> {
  const rendered = join(where.work, `rendered-${where.n}.mp4`);
  try {
    await media.render(renderJob(spec, plan, rendered), signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Error('rendering the recording failed', { cause: error });
  }
  const values: FileNameValues = {
    taskId: row.taskId,
    roomId: row.roomId,
    ...(plan.single && { userId: plan.single.userId, streamType: plan.single.streamType }),
    startTime: row.startTime + plan.from,
    durationMs: plan.to - plan.from,
  };
  const pattern = spec.naming.pattern ?? (plan.single ? DEFAULT_SINGLE_PATTERN : DEFAULT_MIXED_PATTERN);
  const made: MadeFile[] = [];
  for (const format of spec.formats ?? ['MP4']) {
    const name = recordFileName(pattern, values, EXTENSION[format]);
    // Each format in a folder of its own, so that names (and HLS segment names) never meet.
    const dir = join(where.work, `${where.n}-${format}`);
    if (format !== 'MP4') await mkdir(dir, { recursive: true });
    const outputs =
      format === 'MP4'
        ? [rendered]
        : await media.convert(rendered, format, join(dir, name), { audioKbps: spec.encode.audioKbps }, signal);
    made.push(await describe(media, spec, plan, values.startTime, { format, name, outputs, ...where }, signal));
  }
  return made;
}

async function describe(
  media: MediaWorker,
  spec: RecordingSpec,
  plan: FilePlan,
  startTime: number,
  out: { format: OutputFormat; name: string; outputs: string[]; work: string; vodBucket: string },
  signal: AbortSignal,
): Promise<MadeFile> {
  const { outputs, name } = out;
  const probed = await media.probe(outputs[0]!, signal);
  const vid = spec.storage.type === 'vod' ? newVid() : undefined;
  const locate = (file: string): ObjectLocation => {
    // The first output carries the file's name; HLS segments keep theirs, beside it.
    const leaf = file === outputs[0] ? name : basename(file);
    return spec.storage.type === 'vod'
      ? { bucket: out.vodBucket, key: `${spec.storage.space}/${vid}/${leaf}` }
      : { bucket: spec.storage.bucket, key: spec.naming.prefix + leaf };
  };
  let size = 0;
  for (const file of outputs) size += (await stat(file)).size;
  const file: TaskFile = {
    ...(vid ? { Vid: vid } : { ObjectKey: locate(outputs[0]!).key }),
    Duration: probed.durationMs,
    Size: size,
    StartTime: startTime,
    StreamList: plan.streams.map((s) => ({ UserId: s.userId, Index: s.index, StreamType: s.streamType })),
    ...(probed.audioCodec && { AudioCodec: probed.audioCodec }),
    ...(probed.videoCodec && { VideoCodec: probed.videoCodec }),
    ...(probed.width !== undefined && { VideoWidth: probed.width }),
    ...(probed.height !== undefined && { VideoHeight: probed.height }),
  };
  return { file, objects: outputs.map((o) => ({ location: locate(o), file: relativeTo(out.work, o) })) };
}

function relativeTo(work: string, path: string): string {
  return path.slice(work.length + 1);
}
