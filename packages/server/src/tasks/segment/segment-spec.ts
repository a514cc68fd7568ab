import { sameStream, type StreamRef } from '../recording/recording-spec.js';
import type { TaskStorage } from '../task-storage.js';

/** An audio segment task's parameters, the same for every API version (stored with the task: no secret in it). */
export interface SegmentSpec {
  /** Empty: every audio stream of the room. */
  targets: StreamRef[];
  /** MaxIdleTime, seconds (default 180). */
  maxIdleSeconds: number;
  /** A slice's length, seconds of task time, [1, 600] (default 20). */
  durationSeconds: number;
  /** Whether slices are being made (false: the task runs, makes none). */
  handle: boolean;
  /** The slices' file-name prefix (default: a random UUID). */
  identifier: string;
  control: {
    align: boolean;
    ignoreSilence: boolean;
    /** Also a slice of the room's mix (UserId `mixed`), made even when nobody speaks. */
    mixed: boolean;
    /** Overlap with the previous slice, ms. */
    redundantMs: number;
  };
  storage: TaskStorage;
  /** StorageConfig as GetSegmentTask reports it. */
  storageEcho: Record<string, unknown>;
}

/** A segment task follows the audio streams in TargetStreams (every one when it lists none). */
export function followsAudio(
  targets: readonly StreamRef[],
  stream: { userId: string; streamType: number; audio: boolean },
) {
  return stream.audio && (targets.length === 0 || targets.some((t) => sameStream(t, stream)));
}
