import type { EncodeSettings } from '../../media/media-worker.js';
import type { RecordingLayout, StreamRef } from '../recording/recording-spec.js';

/**
 * A CDN push's parameters, the same for every API version and for mixed and single pushes (one task kind, so one
 * TaskId is never both). Stored with the task as JSON; the PushURL is the caller's own and is never logged.
 */
export interface PushSpec {
  mode: 'mixed' | 'single';
  pushUrl: string;
  /** Control.MediaType 1: the push carries audio only. */
  audioOnly: boolean;
  /** Control.MaxIdleTime, seconds (default 180). */
  maxIdleSeconds: number;
  /** PushStreamMode 0 (and every single push): connect once a followed stream is published; 1: at once. */
  waitForPublisher: boolean;
  encode: EncodeSettings;
  background: string;
  layout: RecordingLayout;
  /** Empty: every stream of the room. A single push: its one stream. */
  targets: StreamRef[];
  excludes: StreamRef[];
}
