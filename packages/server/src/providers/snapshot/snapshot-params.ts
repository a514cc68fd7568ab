import { ApiError } from '../../errors/api-error.js';
import type { ImageSettings, SnapshotSpec } from '../../tasks/snapshot/snapshot-spec.js';
import { streamRefs, type StreamListParam } from '../recording/record-params.js';
import { readTaskStorage, type TaskStorageParams } from '../task-storage-params.js';

/** ImageConfig as every version spells it. */
export interface ImageConfigParam {
  Format?: number;
  Width?: number;
  Height?: number;
  Interval?: number;
}

export type StartSnapshotParams = TaskStorageParams & {
  ImageConfig?: ImageConfigParam;
  MaxIdleTime?: number;
  TargetStreams?: StreamListParam;
};

const DEFAULT_INTERVAL_SECONDS = 2;
const DEFAULT_MAX_IDLE_SECONDS = 180;

/** Reads a StartSnapshot call (any version) into the task's spec; the field is named when it is refused. */
export function snapshotSpec(params: StartSnapshotParams): SnapshotSpec {
  const { storage, echo } = readTaskStorage(params, { imageX: true });
  return {
    targets: streamRefs(params.TargetStreams, 'TargetStreams'),
    maxIdleSeconds: params.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS,
    image: imageSettings(params.ImageConfig, undefined),
    storage,
    storageEcho: echo,
  };
}

/** UpdateSnapshot: the ImageConfig fields given replace the current ones (our choice: the others are kept). */
export function updatedSnapshotSpec(spec: SnapshotSpec, update: { ImageConfig?: ImageConfigParam }): SnapshotSpec {
  return { ...spec, image: imageSettings(update.ImageConfig, spec.image) };
}

function imageSettings(config: ImageConfigParam | undefined, current: ImageSettings | undefined): ImageSettings {
  const format = config?.Format ?? current?.format ?? 0;
  if (format !== 0 && format !== 1) {
    throw new ApiError('InvalidParameter', `ImageConfig.Format must be 0 (JPEG) or 1 (PNG), got ${format}`);
  }
  const interval = config?.Interval ?? current?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS;
  if (!Number.isInteger(interval) || interval < 1 || interval > 600) {
    throw new ApiError('InvalidParameter', `ImageConfig.Interval must be 1 to 600 seconds, got ${interval}`);
  }
  return {
    format,
    width: size(config?.Width ?? current?.width ?? 0, 'Width'),
    height: size(config?.Height ?? current?.height ?? 0, 'Height'),
    intervalSeconds: interval,
  };
}

function size(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 1920) {
    throw new ApiError(
      'InvalidParameter',
      `ImageConfig.${field} must be 0 (the source's) to 1920 pixels, got ${value}`,
    );
  }
  return value;
}

/** GetSnapshotTask's ImageConfig. */
export const imageConfigOf = (image: ImageSettings) => ({
  Format: image.format,
  Width: image.width,
  Height: image.height,
  Interval: image.intervalSeconds,
});
