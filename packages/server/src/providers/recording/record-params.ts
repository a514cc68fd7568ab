import { ApiError } from '../../errors/api-error.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../media/output-formats.js';
import { keyProblem } from '../../storage/object-store.js';
import { readStorageConfig, spaceField, type StorageConfigParam } from '../task-storage-params.js';
import { prefixPath, recordFileName } from '../../tasks/recording/record-file-name.js';
import { layoutOf, type LayoutParam } from './record-layout.js';
import type { RecordingSpec, RecordingStorage, StreamRef } from '../../tasks/recording/recording-spec.js';

export interface StreamListParam {
  StreamList?: { UserId: string; StreamType?: number; Index?: number }[];
}

/** The `Encode` object of the mixing tasks (recordings, CDN pushes, public streams) as every version names it. */
export interface EncodeParam {
  VideoWidth?: number;
  VideoHeight?: number;
  VideoFps?: number;
  VideoGop?: number;
  VideoCodec?: number;
  VideoBitrate?: number;
  AudioBitrate?: number;
  AudioSampleRate?: number;
  AudioChannels?: number;
}

/** The StartRecord fields every version shares by name (each version's params are assignable to it). */
export interface StartRecordParams {
  TaskId: string;
  RoomId: string;
  RecordMode?: number;
  Control?: { MaxIdleTime?: number; MaxRecordTime?: number; MediaType?: number; MaxSilenceSeconds?: number };
  Encode?: EncodeParam;
  Layout?: LayoutParam;
  TargetStreams?: StreamListParam;
  ExcludeStreams?: StreamListParam;
  FileFormatConfig?: { FileFormat?: string[] };
  FileNameConfig?: { Pattern?: string; Prefix?: string[] };
}

/** The storage fields: StorageConfig (2022-06-01 on) or Vod (2020-12-01). */
export type StorageParams = { StorageConfig: StorageConfigParam } | { Vod: { AccountId?: string; Space?: string } };

const MAX_STREAMS = 17;
const SAMPLE_RATES = new Set([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]);

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/**
 * Reads a StartRecord call into the task's spec, refusing with the field named what the schema cannot check:
 * even resolutions, stream lists, storage, file naming and formats, and what this server does not render yet
 * (layouts other than the automatic grid).
 */
export function recordingSpec(params: StartRecordParams & StorageParams, pattern2020?: string): RecordingSpec {
  const e = params.Encode ?? {};
  const width = e.VideoWidth ?? 640;
  const height = e.VideoHeight ?? 480;
  if (width % 2 !== 0) throw invalid(`Encode.VideoWidth must be even, got ${width}`);
  if (height % 2 !== 0) throw invalid(`Encode.VideoHeight must be even, got ${height}`);
  const sampleRate = e.AudioSampleRate ?? 48000;
  if (!SAMPLE_RATES.has(sampleRate)) throw invalid(`Encode.AudioSampleRate ${sampleRate} is not an AAC sample rate`);
  const channels = e.AudioChannels ?? 2;
  if (channels !== 1 && channels !== 2) throw invalid('Encode.AudioChannels must be 1 or 2');
  const mode = params.RecordMode ?? 0;
  if (mode !== 0 && mode !== 1) throw invalid('RecordMode must be 0 (mixed) or 1 (single-stream)');
  const mediaType = params.Control?.MediaType ?? 0;
  if (mediaType !== 0 && mediaType !== 1) throw invalid('Control.MediaType must be 0 (audio and video) or 1 (audio)');
  const maxRecord = params.Control?.MaxRecordTime ?? 0;
  if (maxRecord < 0) throw invalid('Control.MaxRecordTime must be 0 (no limit) or a number of seconds');
  const maxSilence = params.Control?.MaxSilenceSeconds;
  if (maxSilence !== undefined && !(Number.isInteger(maxSilence) && maxSilence >= 60 && maxSilence <= 3600)) {
    throw invalid(`Control.MaxSilenceSeconds must be from 60 to 3600 seconds, got ${maxSilence}`);
  }
  const formats = outputFormats(params.FileFormatConfig?.FileFormat, e.VideoCodec === 1, mediaType === 1);
  const targets = streamRefs(params.TargetStreams, 'TargetStreams');
  const { layout, background } = layoutOf(params.Layout, targets);
  const spec: RecordingSpec = {
    mode: mode === 1 ? 'single' : 'mixed',
    audioOnly: mediaType === 1,
    maxIdleSeconds: params.Control?.MaxIdleTime ?? 180,
    maxRecordSeconds: maxRecord,
    ...(maxSilence !== undefined && { maxSilenceSeconds: maxSilence }),
    encode: {
      width,
      height,
      fps: clamp(e.VideoFps ?? 15, 1, 60),
      gopSeconds: clamp(e.VideoGop ?? 4, 1, 5),
      videoCodec: e.VideoCodec === 1 ? 'h265' : 'h264',
      videoKbps: Math.max(0, e.VideoBitrate ?? 0),
      audioKbps: clamp(e.AudioBitrate ?? 64, 16, 320),
      sampleRate,
      channels,
    },
    background,
    layouts: [{ from: 0, layout }],
    targets,
    excludes: streamRefs(params.ExcludeStreams, 'ExcludeStreams'),
    naming: {
      prefix: prefixPath(params.FileNameConfig?.Prefix),
      pattern: params.FileNameConfig?.Pattern ?? pattern2020,
    },
    storage: storageOf(params),
    formats,
  };
  checkNaming(spec, params);
  return spec;
}

/**
 * UpdateRecord: who is followed and the layout of a running mixed recording change from `atMs` (ms into the task) on;
 * the canvas colour is the file's (our simplification). A new layout's regions are checked against the new
 * TargetStreams, or the current ones when the update names none.
 */
export function updatedSpec(
  spec: RecordingSpec,
  update: { Layout?: LayoutParam; TargetStreams?: StreamListParam },
  atMs: number,
): RecordingSpec {
  if (spec.mode !== 'mixed') throw invalid('UpdateRecord changes mixed recordings (RecordMode 0) only');
  const targets = update.TargetStreams ? streamRefs(update.TargetStreams, 'TargetStreams') : spec.targets;
  const next = { ...spec, targets };
  if (update.Layout) {
    const { layout, background } = layoutOf(update.Layout, targets);
    next.background = background;
    next.layouts = [...(spec.layouts ?? []).filter((l) => l.from < atMs), { from: atMs, layout }];
  }
  return next;
}

/** FileFormatConfig.FileFormat: each listed once, MP4 when none. FLV carries no H.265 (ByteVC1). */
function outputFormats(list: readonly string[] | undefined, h265: boolean, audioOnly: boolean): OutputFormat[] {
  const formats: OutputFormat[] = [];
  for (const [i, format] of (list ?? []).entries()) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
      throw invalid(`FileFormatConfig.FileFormat[${i}] must be one of ${OUTPUT_FORMATS.join(', ')}`);
    }
    if (format === 'FLV' && h265 && !audioOnly) {
      throw invalid('FileFormatConfig.FileFormat FLV cannot carry Encode.VideoCodec 1 (ByteVC1)');
    }
    if (!formats.includes(format as OutputFormat)) formats.push(format as OutputFormat);
  }
  return formats.length > 0 ? formats : ['MP4'];
}

/** A TargetStreams / ExcludeStreams list: at most `max` streams (17 unless said), StreamType 0 or 1, each Index once. */
export function streamRefs(list: StreamListParam | undefined, field: string, max = MAX_STREAMS): StreamRef[] {
  const streams = list?.StreamList ?? [];
  if (streams.length > max) throw invalid(`${field}.StreamList has at most ${max} streams`);
  const indexes = new Set<number>();
  return streams.map((s, i) => {
    const streamType = s.StreamType ?? 0;
    if (streamType !== 0 && streamType !== 1) throw invalid(`${field}.StreamList[${i}].StreamType must be 0 or 1`);
    if (s.Index !== undefined) {
      if (indexes.has(s.Index)) throw invalid(`${field}.StreamList[${i}].Index ${s.Index} is used twice`);
      indexes.add(s.Index);
    }
    return { userId: s.UserId, streamType, ...(s.Index !== undefined && { index: s.Index }) };
  });
}

function storageOf(params: StorageParams): RecordingStorage {
  // 2020-12-01: the official demo sends no space and relies on the console's default one (docs/tasks.md).
  if ('Vod' in params) return { type: 'vod', space: spaceField(params.Vod.Space ?? 'default', 'Vod.Space') };
  return readStorageConfig(params.StorageConfig, { imageX: false }).storage;
}

/** A pattern and prefix must give a usable object key; checked with sample values at start. */
function checkNaming(spec: RecordingSpec, params: StartRecordParams): void {
  const sample = recordFileName(
    spec.naming.pattern ?? '',
    { taskId: params.TaskId, roomId: params.RoomId, userId: 'user', streamType: 0, startTime: 0, durationMs: 0 },
    'mp4',
  );
  const problem = keyProblem(spec.naming.prefix + sample);
  if (problem) {
    const field = params.FileNameConfig?.Prefix?.length ? 'FileNameConfig.Prefix or .Pattern' : 'the file name pattern';
    throw invalid(`${field} gives an unusable object key: ${problem}`);
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
