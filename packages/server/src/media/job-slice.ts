import { createHash } from 'node:crypto';
import type { LayoutPeriod, RenderJob } from './media-worker.js';

/**
 * The part [from, to) (ms into the job) of a render job, as a job of its own: the tracks' spans clipped and shifted,
 * the layout in force at `from` from 0 on and the later ones shifted. Rendering the parts of a job one after the
 * other and joining them makes the job's file piece by piece (recordings render their finished stretches while
 * they run).
 */
export function sliceJob(job: RenderJob, from: number, to: number, output: string): RenderJob {
  const durationMs = to - from;
  let current: LayoutPeriod | undefined;
  const later: LayoutPeriod[] = [];
  for (const period of job.layouts) {
    if (period.from <= from) current = period;
    else if (period.from < to) later.push({ ...period, from: period.from - from });
  }
  return {
    ...job,
    output,
    durationMs,
    layouts: [...(current ? [{ ...current, from: 0 }] : []), ...later],
    tracks: job.tracks.map((track) => ({
      ...track,
      spans: track.spans
        .map((s) => ({ ...s, from: Math.max(0, s.from - from), to: Math.min(durationMs, s.to - from) }))
        .filter((s) => s.to > s.from),
    })),
  };
}

/** A job's identity for a cache of rendered parts: everything but where it is written. */
export function jobKey(job: RenderJob): string {
  const { output: _output, ...rest } = job;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 32);
}
