import {
  joinCount,
  joinSuccessRate,
  peakConcurrentUsers,
  publishUserCount,
  roomCount,
  userCount,
  userMinutes,
  type BucketMeasure,
} from './observed-indicators.js';
import { MODEL, modelled } from './quality-model.js';

/** `operation`: counts of use (ListOperationData); `quality`: rates and latencies (ListQuality). */
export type IndicatorKind = 'operation' | 'quality';

export interface IndicatorDef {
  name: string;
  kind: IndicatorKind;
  unit: string;
  /** The console's display name. */
  alias: string;
  /** True when the value comes from the session records, false when from the quality model. */
  observed: boolean;
  measure: BucketMeasure;
}

const def = (
  name: string,
  kind: IndicatorKind,
  unit: string,
  alias: string,
  measure: BucketMeasure,
  observed = true,
): IndicatorDef => ({ name, kind, unit, alias, observed, measure });

/**
 * The indicators the data actions know (the public docs name only a few, such as user_count, stall_rate and
 * join_room_success_rate; the rest are this server's choice, docs/data-and-tail.md). `stall_rate` is the video
 * stall rate under its short name.
 */
export const INDICATORS: ReadonlyMap<string, IndicatorDef> = new Map(
  [
    def('user_count', 'operation', 'count', 'Users', userCount),
    def('room_count', 'operation', 'count', 'Rooms', roomCount),
    def('join_count', 'operation', 'count', 'Joins', joinCount),
    def('publish_user_count', 'operation', 'count', 'Publishing users', publishUserCount),
    def('peak_concurrent_users', 'operation', 'count', 'Peak concurrent users', peakConcurrentUsers),
    def('duration', 'operation', 'min', 'User minutes', userMinutes),
    def('join_room_success_rate', 'quality', '%', 'Join success rate', joinSuccessRate),
    def('stall_rate', 'quality', '%', 'Video stall rate', modelled(MODEL.video_stall_rate!), false),
    def('video_stall_rate', 'quality', '%', 'Video stall rate', modelled(MODEL.video_stall_rate!), false),
    def('audio_stall_rate', 'quality', '%', 'Audio stall rate', modelled(MODEL.audio_stall_rate!), false),
    def('packet_loss_rate', 'quality', '%', 'Packet loss rate', modelled(MODEL.packet_loss_rate!), false),
    def('e2e_delay', 'quality', 'ms', 'End-to-end delay', modelled(MODEL.e2e_delay!), false),
    def('first_frame_time', 'quality', 'ms', 'First frame time', modelled(MODEL.first_frame_time!), false),
  ].map((d) => [d.name, d]),
);

export function indicatorNames(kind?: IndicatorKind): string[] {
  return [...INDICATORS.values()].filter((d) => kind === undefined || d.kind === kind).map((d) => d.name);
}
