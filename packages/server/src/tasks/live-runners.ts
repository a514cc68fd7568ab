import { FfmpegFrameGrabber, defaultLiveSlots } from '../media/frame-grabber.js';
import type { ObjectStore } from '../storage/object-store.js';
import { SnapshotRunner } from './snapshot/snapshot-runner.js';
import type { TaskRunner } from './task-runner.js';

export interface LiveRunnersDeps {
  storage: ObjectStore;
  /** Where live media is made before it is stored. */
  workDir: string;
}

/**
 * The runners whose files are made while the task runs (snapshots), sharing one bound on the ffmpeg processes
 * they start (the cores less one).
 */
export function liveRunners(deps: LiveRunnersDeps): TaskRunner[] {
  const slots = defaultLiveSlots();
  return [
    new SnapshotRunner({ grabber: new FfmpegFrameGrabber({ slots }), storage: deps.storage, workDir: deps.workDir }),
  ];
}
