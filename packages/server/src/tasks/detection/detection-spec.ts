import type { LiveStream } from '../room-presence.js';

/** A detection (content moderation) task's parameters, the same for both API versions. */
export interface DetectionSpec {
  /** The user whose streams are moderated; '' for every publishing user of the room. */
  userId: string;
  /** 1 video snapshots, 2 audio slices, 3 both. */
  mediaType: 1 | 2 | 3;
  /** Task time between two snapshots, ms (Interval). */
  intervalMs: number;
  /** Task time of one audio slice, ms (Duration). */
  durationMs: number;
  /** IdleSec: no followed stream for this long ends the task (IdleTimeOut). */
  idleSeconds: number;
  /** Where results are POSTed; '' for nowhere (the task still runs and records them). */
  callback: string;
  /** 0: violations only; 1: every result. */
  callbackType: 0 | 1;
  /** When StartDetection was accepted (unix ms): ListDetectionTask's CreateTime. */
  createdAt: number;
}

/** A room-level task moderates at most this many streams (the doc's 17), the first ones of the room's members. */
export const MAX_ROOM_STREAMS = 17;

/** A detection follows its user's (or every user's) streams that carry the media it inspects. */
export function followsMedia(spec: DetectionSpec, stream: LiveStream): boolean {
  if (spec.userId !== '' && stream.userId !== spec.userId) return false;
  return ((spec.mediaType & 1) !== 0 && stream.video) || ((spec.mediaType & 2) !== 0 && stream.audio);
}
