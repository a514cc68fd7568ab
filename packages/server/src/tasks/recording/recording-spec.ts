import type { EncodeSettings } from '../../media/media-worker.js';
import type { OutputFormat } from '../../media/output-formats.js';

/** A stream a task names (TargetStreams, ExcludeStreams): a user's camera (0) or screen (1) stream. */
export interface StreamRef {
  userId: string;
  streamType: 0 | 1;
  /** The Index the caller gave it (custom layouts refer to it). */
  index?: number;
}

/** Where a recording's files go: a bucket (TOS or third-party), or a VOD space. */
export type RecordingStorage =
  { type: 'object'; bucket: string; vendor: 'tos' | 'custom' } | { type: 'vod'; space: string };

/** A custom layout's region, in canvas pixels, for the stream whose Index is `streamIndex`. */
export interface SpecRegion {
  streamIndex: number;
  x: number;
  y: number;
  width: number;
  height: number;
  zOrder: number;
  alpha: number;
}

/**
 * LayoutMode 0 (the automatic grid), 1 and 3 (a main stream large, the others beside it: `vertical`, `side`), or 2
 * (custom regions on a canvas). The main stream: `main` (MainVideoStream), or `mainIndex` (2020-12-01's
 * MainVideoStreamIndex); neither: the lowest Index showing video.
 */
export type RecordingLayout =
  | { mode: 'grid' }
  | { mode: 'vertical' | 'side'; main?: { userId: string; streamType: 0 | 1 }; mainIndex?: number }
  | { mode: 'custom'; canvas: { width: number; height: number }; regions: SpecRegion[] };

/**
 * A recording's parameters, the same for every API version (providers/recording/record-params.ts reads each
 * version into it). Stored with the task as JSON: it holds no secret.
 */
export interface RecordingSpec {
  mode: 'mixed' | 'single';
  audioOnly: boolean;
  /** Control.MaxIdleTime, seconds (default 180). */
  maxIdleSeconds: number;
  /** Control.MaxRecordTime, seconds; 0 = no limit. */
  maxRecordSeconds: number;
  /** Control.MaxSilenceSeconds (single-stream file splits), seconds; absent: 3600. */
  maxSilenceSeconds?: number;
  encode: EncodeSettings;
  background: string;
  /** The layout from `from` (ms into the task) on: Start's at 0, each UpdateRecord's from its moment. */
  layouts?: { from: number; layout: RecordingLayout }[];
  /** Empty: every stream of the room. */
  targets: StreamRef[];
  excludes: StreamRef[];
  naming: { prefix: string; pattern: string | undefined };
  /** FileFormatConfig.FileFormat, one file per format; absent in rows written before formats: MP4. */
  formats?: OutputFormat[];
  storage: RecordingStorage;
}

export const sameStream = (a: { userId: string; streamType: number }, b: { userId: string; streamType: number }) =>
  a.userId === b.userId && a.streamType === b.streamType;

/** Whether the recording follows a stream: in TargetStreams (when it lists any) and not in ExcludeStreams. */
export function followsStream(spec: RecordingSpec, stream: { userId: string; streamType: number }): boolean {
  if (spec.targets.length > 0 && !spec.targets.some((t) => sameStream(t, stream))) return false;
  return !spec.excludes.some((e) => sameStream(e, stream));
}
