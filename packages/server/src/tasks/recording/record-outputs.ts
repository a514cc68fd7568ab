import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MediaWorker } from '../../media/media-worker.js';
import { EXTENSION, type OutputFormat } from '../../media/output-formats.js';
import type { ObjectLocation, ObjectStore } from '../../storage/object-store.js';
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

export interface OutputDeps {
  media: MediaWorker;
  storage: ObjectStore;
  /** Where files are rendered before they are stored (on the data directory's file system). */
  workDir: string;
}

/**
 * Renders one planned file and stores it in every requested format (one file per format; MP4 the rendered one
 * itself, the others converted from it), each listed with what ffprobe reads from it. HLS is its playlist (the
 * ObjectKey) with its segments stored beside it; its Size counts them all.
 */
export async function makePlanFiles(
  deps: OutputDeps,
  row: TaskRow,
  spec: RecordingSpec,
  plan: FilePlan,
  signal: AbortSignal,
): Promise<TaskFile[]> {
  const work = join(deps.workDir, randomUUID());
  await mkdir(work, { recursive: true });
  const rendered = join(work, 'rendered.mp4');
  try {
    try {
      await deps.media.render(renderJob(spec, plan, rendered), signal);
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
    const formats = spec.formats ?? ['MP4'];
    const made = new Map<OutputFormat, TaskFile>();
    // The rendered MP4 is moved into storage, so it goes last; the list keeps the requested order.
    for (const format of [...formats].sort((a, b) => Number(a === 'MP4') - Number(b === 'MP4'))) {
      const name = recordFileName(pattern, values, EXTENSION[format]);
      const outputs =
        format === 'MP4'
          ? [rendered]
          : await deps.media.convert(rendered, format, join(work, name), { audioKbps: spec.encode.audioKbps }, signal);
      made.set(format, await storeOutputs(deps, spec, plan, values.startTime, format, name, outputs, signal));
    }
    return formats.map((format) => made.get(format)!);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function storeOutputs(
  deps: OutputDeps,
  spec: RecordingSpec,
  plan: FilePlan,
  startTime: number,
  format: OutputFormat,
  name: string,
  outputs: string[],
  signal: AbortSignal,
): Promise<TaskFile> {
  const probed = await deps.media.probe(outputs[0]!, signal);
  const vid = spec.storage.type === 'vod' ? newVid() : undefined;
  const locate = (file: string): ObjectLocation => {
    // The first output carries the file's name; HLS segments keep theirs, beside it.
    const leaf = file === outputs[0] ? name : basename(file);
    return spec.storage.type === 'vod'
      ? { bucket: 'vod', key: `${spec.storage.space}/${vid}/${leaf}` }
      : { bucket: spec.storage.bucket, key: spec.naming.prefix + leaf };
  };
  let size = 0;
  for (const file of outputs) {
    const location = locate(file);
    try {
      size += (await deps.storage.put(location, file)).size;
    } catch (error) {
      throw new Error(`storing the ${format} file in bucket ${location.bucket} failed`, { cause: error });
    }
  }
  return {
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
}
