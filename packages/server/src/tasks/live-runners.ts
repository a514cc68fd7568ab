import { FfmpegFrameGrabber } from '../media/frame-grabber.js';
import { defaultLiveSlots } from '../media/live-ffmpeg.js';
import { FfmpegAudioSlicer } from '../media/audio-slicer.js';
import type { MediaWorker } from '../media/media-worker.js';
import { FfmpegPageRecorder } from '../media/page-video.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { ObjectStore } from '../storage/object-store.js';
import { SegmentRunner } from './segment/segment-runner.js';
import { SnapshotRunner } from './snapshot/snapshot-runner.js';
import type { TaskRunner } from './task-runner.js';
import { PageCapture } from './page-capture.js';
import { TaskFiles } from './task-storage.js';
import { WbRecordRunner } from './wb-record/wb-record-runner.js';
import { WebRecordRunner } from './web-record/web-record-runner.js';

export interface LiveRunnersDeps {
  storage: ObjectStore;
  /** Reads what a stored file holds (ffprobe). */
  media: Pick<MediaWorker, 'probe'>;
  /** Where live media is made before it is stored. */
  workDir: string;
  /** The bucket VOD files go to (`--storage-vod-bucket`), as recordings'. */
  vodBucket?: string;
  /** How the pages of web and whiteboard recordings are fetched (the operator's fetch policy). */
  fetch: OutboundFetch;
}

/**
 * The runners whose files are made while the task runs (snapshots, audio segments) or
 * whose media is not the room's (web and whiteboard recording), sharing one bound on the ffmpeg processes
 * they start (the cores less one).
 */
export function liveRunners(deps: LiveRunnersDeps): TaskRunner[] {
  const slots = defaultLiveSlots();
  const files = new TaskFiles(deps.storage, deps.workDir, deps.vodBucket);
  const recorder = new FfmpegPageRecorder({ slots });
  const pages = new PageCapture({ recorder, media: deps.media, files, fetch: deps.fetch });
  return [
    new SnapshotRunner({ grabber: new FfmpegFrameGrabber({ slots }), files }),
    new SegmentRunner({ slicer: new FfmpegAudioSlicer({ slots }), files }),
    new WebRecordRunner(pages),
    new WbRecordRunner(pages),
  ];
}
