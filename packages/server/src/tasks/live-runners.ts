import { FfmpegFrameGrabber, defaultLiveSlots } from '../media/frame-grabber.js';
import { FfmpegAudioSlicer } from '../media/audio-slicer.js';
import type { ObjectStore } from '../storage/object-store.js';
import { SegmentRunner } from './segment/segment-runner.js';
import { SnapshotRunner } from './snapshot/snapshot-runner.js';
import type { TaskRunner } from './task-runner.js';

export interface LiveRunnersDeps {
  storage: ObjectStore;
  /** Where live media is made before it is stored. */
  workDir: string;
}

/**
 * The runners whose files are made while the task runs (snapshots, audio segments), sharing one bound on the ffmpeg processes
 * they start (the cores less one).
 */
export function liveRunners(deps: LiveRunnersDeps): TaskRunner[] {
  const slots = defaultLiveSlots();
  const { storage, workDir } = deps;
  return [
    new SnapshotRunner({ grabber: new FfmpegFrameGrabber({ slots }), storage, workDir }),
    new SegmentRunner({ slicer: new FfmpegAudioSlicer({ slots }), storage, workDir }),
  ];
}
