import type { Platform } from './session-spans.js';
import { round2, type BucketMeasure } from './observed-indicators.js';
import type { Slice } from './time-buckets.js';

/**
 * The stand-in for what only a client's media stack can measure (stalls, loss, latency, first frame): no media
 * flows through this server. Each value is a deterministic function of what the server does observe about a
 * session in a bucket, so that the same sessions always give the same figures and heavier rooms look worse:
 *
 * - the platform the client reported at join (a base figure per platform, PLATFORM_BASE below);
 * - `peers`: how many other users were in the same room session while the session was (load), whatever the
 *   query's filters keep;
 * - `height`: the tallest video the session published during the bucket (0 when none).
 *
 * A bucket's value is the mean over its sessions weighted by their time in the bucket; a bucket without sessions
 * has no point. docs/data-and-tail.md gives the formulas.
 */
export interface SliceFacts {
  platform: Platform;
  peers: number;
  height: number;
}

/** Base video stall rate (%) per platform: web and mobile stall more than desktop SDKs on wired networks. */
export const PLATFORM_BASE: Readonly<Record<Platform, number>> = {
  android: 1.2,
  ios: 0.8,
  web: 1.5,
  windows: 0.9,
  mac: 0.7,
  linux: 0.5,
  other: 1.0,
};

const resolutionFactor = (height: number): number => (height > 720 ? 1.4 : height > 360 ? 1.15 : 1);

/** The modelled indicators, each a function of one session's facts in one bucket. */
export const MODEL: Readonly<Record<string, (f: SliceFacts) => number>> = {
  /** % of watch time stalled (video). */
  video_stall_rate: (f) => PLATFORM_BASE[f.platform] * (1 + 0.15 * f.peers) * resolutionFactor(f.height),
  /** % of listen time stalled (audio). */
  audio_stall_rate: (f) => PLATFORM_BASE[f.platform] * 0.4 * (1 + 0.1 * f.peers),
  /** % of packets lost before recovery. */
  packet_loss_rate: (f) => PLATFORM_BASE[f.platform] * 0.5 * (1 + 0.1 * f.peers),
  /** Mouth-to-ear / camera-to-screen delay, ms. */
  e2e_delay: (f) => 80 + 12 * f.peers + (f.platform === 'web' ? 40 : 0),
  /** Time from subscribing to the first rendered video frame, ms. */
  first_frame_time: (f) => 300 + 25 * f.peers + f.height / 4,
};

function factsOf(slice: Slice): SliceFacts {
  const peers = new Set<string>();
  for (const o of slice.span.roommates) {
    if (o.from <= slice.to && o.to >= slice.from) peers.add(o.userId);
  }
  let height = 0;
  for (const p of slice.span.streams) {
    if (p.media === 'video' && p.start <= slice.to && p.end >= slice.from) height = Math.max(height, p.height);
  }
  return { platform: slice.span.platform, peers: peers.size, height };
}

/** The bucket measure of a modelled indicator: the time-weighted mean of the model over the bucket's sessions. */
export function modelled(model: (f: SliceFacts) => number): BucketMeasure {
  return (bucket) => {
    if (bucket.slices.length === 0) return undefined;
    let weighted = 0;
    let weight = 0;
    for (const slice of bucket.slices) {
      // A zero-length presence (joined at the query's instant) still counts, with the smallest weight.
      const w = Math.max(1, slice.to - slice.from);
      weighted += model(factsOf(slice)) * w;
      weight += w;
    }
    return round2(weighted / weight);
  };
}
