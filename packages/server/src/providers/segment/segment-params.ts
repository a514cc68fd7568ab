import { randomUUID } from 'node:crypto';
import { ApiError } from '../../errors/api-error.js';
import type { SegmentSpec } from '../../tasks/segment/segment-spec.js';
import { streamRefs, type StreamListParam } from '../recording/record-params.js';
import { readTaskStorage, type TaskStorageParams } from '../task-storage-params.js';

export type StartSegmentParams = TaskStorageParams & {
  Control?: { Align?: boolean; IgnoreSilence?: boolean; Mixed?: boolean; RedundantDuration?: number };
  Duration?: number;
  Handle?: boolean;
  Identifier?: string;
  MaxIdleTime?: number;
  TargetStreams?: StreamListParam;
};

export interface UpdateSegmentParams {
  Duration?: number;
  Handle?: boolean;
  Identifier?: string;
}

const DEFAULT_DURATION_SECONDS = 20;
const DEFAULT_MAX_IDLE_SECONDS = 180;

/**
 * Reads a StartSegment call into the task's spec. `RedundantDuration` is seconds in 2020-12-01 and ms after
 * (catalog) and must be shorter than a slice; a MaxIdleTime out of [1, 86400] is the default (catalog: "invalid ->
 * default").
 */
export function segmentSpec(params: StartSegmentParams, version: string): SegmentSpec {
  const { storage, echo } = readTaskStorage(params, { imageX: false });
  const durationSeconds = duration(params.Duration ?? DEFAULT_DURATION_SECONDS);
  const redundant = params.Control?.RedundantDuration ?? 0;
  const redundantMs = version === '2020-12-01' ? redundant * 1000 : redundant;
  if (!Number.isInteger(redundantMs) || redundantMs < 0 || redundantMs >= durationSeconds * 1000) {
    throw new ApiError(
      'InvalidParameter',
      `Control.RedundantDuration must be at least 0 and shorter than Duration (${durationSeconds} s), got ${redundant}`,
    );
  }
  const idle = params.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS;
  return {
    targets: streamRefs(params.TargetStreams, 'TargetStreams'),
    maxIdleSeconds: idle >= 1 && idle <= 86400 ? idle : DEFAULT_MAX_IDLE_SECONDS,
    durationSeconds,
    handle: params.Handle ?? true,
    identifier: params.Identifier ?? randomUUID(),
    control: {
      align: params.Control?.Align ?? false,
      ignoreSilence: params.Control?.IgnoreSilence ?? false,
      mixed: params.Control?.Mixed ?? false,
      redundantMs,
    },
    storage,
    storageEcho: echo,
  };
}

/** UpdateSegment: Identifier, Handle and Duration, each when given (a new Duration restarts the slice timer). */
export function updatedSegmentSpec(spec: SegmentSpec, update: UpdateSegmentParams): SegmentSpec {
  const durationSeconds = update.Duration === undefined ? spec.durationSeconds : duration(update.Duration);
  if (spec.control.redundantMs >= durationSeconds * 1000) {
    throw new ApiError(
      'InvalidParameter',
      `Duration must be longer than Control.RedundantDuration (${spec.control.redundantMs} ms)`,
    );
  }
  if (update.Identifier !== undefined && !/^[a-zA-Z0-9_@\-.]{1,128}$/.test(update.Identifier)) {
    throw new ApiError('InvalidParameter', 'Identifier must be 1 to 128 letters, digits, @ . _ -');
  }
  return {
    ...spec,
    durationSeconds,
    handle: update.Handle ?? spec.handle,
    identifier: update.Identifier ?? spec.identifier,
  };
}

function duration(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600) {
    throw new ApiError('InvalidParameter', `Duration must be 1 to 600 seconds, got ${seconds}`);
  }
  return seconds;
}

/** GetSegmentTask's Control, RedundantDuration in the unit of the version asked. */
export function controlOf(spec: SegmentSpec, version: string) {
  const c = spec.control;
  return {
    Align: c.align,
    IgnoreSilence: c.ignoreSilence,
    Mixed: c.mixed,
    RedundantDuration: version === '2020-12-01' ? Math.round(c.redundantMs / 1000) : c.redundantMs,
  };
}
