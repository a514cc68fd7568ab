import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { MediaWorker } from '../../media/media-worker.js';
import type { TaskRow } from '../task-model.js';
import type { TaskStore } from '../task-store.js';
import type { TimeScale } from '../time-scale.js';
import { chunkDirOf, chunkRanges, renderChunk } from './record-chunks.js';
import { filePlans, renderJob, type SplitPoints } from './record-plan.js';
import type { RecordingSpec } from './recording-spec.js';

/** A chunk is rendered once it ended this long ago (presence is sampled every 50 ms and written at each change). */
const SETTLED_MS = 500;

/** The file splits of a recording on this task clock. */
export function splitPointsOf(spec: RecordingSpec, scale: TimeScale, maxFileTaskMs: number): SplitPoints {
  return {
    maxFileMs: scale.wallMs(maxFileTaskMs),
    silenceMs: scale.wallMs((spec.maxSilenceSeconds ?? 3600) * 1000),
  };
}

export interface PrerenderDeps {
  store: TaskStore;
  media: MediaWorker;
  scale: TimeScale;
  /** The 4-hour split, in task ms. */
  maxFileTaskMs: number;
  /** Where each task run's chunks are kept (chunkDirOf). */
  chunksDir: string;
  now: () => number;
  logger?: Logger;
}

/**
 * Renders the finished chunks of running recordings while they run (one chunk at a time, through the media worker's
 * bounded render slots), so that a stop leaves only the last chunk of each file to render. What is rendered is
 * planned exactly as the stopped task will plan it, from the timeline the engine writes to the task's row; a chunk
 * that the stopped task would render differently (an UpdateRecord, a stream back within MaxSilenceSeconds) is simply
 * not used (chunks are named by their content).
 */
export class RecordPrerender {
  readonly #deps: PrerenderDeps;
  #pass: Promise<void> | undefined;
  #stopped = false;
  readonly #abort = new AbortController();

  constructor(deps: PrerenderDeps) {
    this.#deps = deps;
  }

  /** One pass over the running recordings (none when one is still going). */
  tick(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#pass ??= this.#run()
      .catch((error: unknown) => {
        if (!this.#stopped) this.#deps.logger?.warn({ err: error }, 'rendering a recording ahead failed');
      })
      .finally(() => {
        this.#pass = undefined;
      });
    return this.#pass;
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#pass;
  }

  /** Removes the chunk folders of task runs that are no longer active (left by a crash). */
  async prune(): Promise<void> {
    const keep = new Set(this.#deps.store.active().map((row) => basename(chunkDirOf(this.#deps.chunksDir, row))));
    let names: string[] = [];
    try {
      names = await readdir(this.#deps.chunksDir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!keep.has(name)) await rm(join(this.#deps.chunksDir, name), { recursive: true, force: true });
    }
  }

  async #run(): Promise<void> {
    const { store, media, now } = this.#deps;
    for (const row of store.active()) {
      if (this.#stopped) return;
      if (row.kind !== 'record' || row.phase !== 'running') continue;
      const elapsed = now() - row.startTime;
      const spec = row.spec as RecordingSpec;
      const timeline = row.timeline.map((span) => (span.to === undefined ? { ...span, to: elapsed } : span));
      const plans = filePlans(spec, timeline, elapsed, splitPointsOf(spec, this.#deps.scale, this.#deps.maxFileTaskMs));
      const dir = chunkDirOf(this.#deps.chunksDir, row);
      for (const plan of plans) {
        const job = renderJob(spec, plan, '');
        for (const range of chunkRanges(plan.from, plan.to)) {
          if (this.#stopped || range[1] > elapsed - SETTLED_MS) break;
          if (!this.#stillRunning(row)) return;
          await renderChunk(media, job, plan.from, range, dir, this.#abort.signal);
        }
      }
    }
  }

  #stillRunning(row: TaskRow): boolean {
    const current = this.#deps.store.get(row.kind, row);
    return current?.phase === 'running' && current.startTime === row.startTime;
  }
}
