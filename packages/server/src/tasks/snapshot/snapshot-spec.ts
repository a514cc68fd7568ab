import { sameStream, type StreamRef } from '../recording/recording-spec.js';
import type { TaskStorage } from '../task-storage.js';

/** ImageConfig with its defaults filled in: Width and Height 0 mean the source's size. */
export interface ImageSettings {
  /** 0 JPEG, 1 PNG. */
  format: 0 | 1;
  width: number;
  height: number;
  /** Seconds of task time between two captures, [1, 600]. */
  intervalSeconds: number;
}

/** A snapshot task's parameters, the same for every API version (stored with the task: no secret in it). */
export interface SnapshotSpec {
  /** Empty: every video stream of the room. */
  targets: StreamRef[];
  /** MaxIdleTime, seconds (default 180). */
  maxIdleSeconds: number;
  image: ImageSettings;
  storage: TaskStorage;
  /** StorageConfig as GetSnapshotTask reports it. */
  storageEcho: Record<string, unknown>;
}

/** The size our synthetic streams are sent at (our choice): camera 640x480, screen 1280x720. */
export const SOURCE_SIZE = { 0: { width: 640, height: 480 }, 1: { width: 1280, height: 720 } } as const;

/**
 * An image's size: Width x Height when both are set; one of them set: the other from the source's aspect ratio;
 * neither: the source's size.
 */
export function imageSize(image: ImageSettings, streamType: 0 | 1): { width: number; height: number } {
  const source = SOURCE_SIZE[streamType];
  if (image.width > 0 && image.height > 0) return { width: image.width, height: image.height };
  if (image.width > 0) {
    return { width: image.width, height: Math.max(1, Math.round((image.width * source.height) / source.width)) };
  }
  if (image.height > 0) {
    return { width: Math.max(1, Math.round((image.height * source.width) / source.height)), height: image.height };
  }
  return { ...source };
}

/** A snapshot follows the video streams in TargetStreams (every one when it lists none): audio has no frames. */
export function followsVideo(
  targets: readonly StreamRef[],
  stream: { userId: string; streamType: number; video: boolean },
) {
  return stream.video && (targets.length === 0 || targets.some((t) => sameStream(t, stream)));
}
