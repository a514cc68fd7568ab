import { ApiError } from '../../errors/api-error.js';
import { wholeWindow } from '../../usage/time-buckets.js';
import { DAY_MS } from '../../usage/query-window.js';
import type { UsageQueries } from '../../usage/usage-queries.js';
import type { ActionHandler } from '../provider.js';
import { indicatorsParam } from './indicator-params.js';
import { secondsWindow } from './quality-handlers.js';

/**
 * When an indicator's value counts as abnormal (`common.abnormal` 1): rates above 5 %, delays above 400 ms, a first
 * frame later than 1 s, joins succeeding less than 90 % of the time. Counts are never abnormal.
 */
export const ABNORMAL: Readonly<Record<string, (v: number) => boolean>> = {
  stall_rate: (v) => v > 5,
  video_stall_rate: (v) => v > 5,
  audio_stall_rate: (v) => v > 5,
  packet_loss_rate: (v) => v > 5,
  e2e_delay: (v) => v > 400,
  first_frame_time: (v) => v > 1000,
  join_room_success_rate: (v) => v < 90,
};

/**
 * GetRealtimePostProcessing (2022-06-01, undocumented beyond its model): one indicator (`IndicatorName`) over the
 * window [`start`, `end`] in unix seconds (at most 1 day, from `start`), for the caller's own account (`AccountID`).
 * The session records carry no business id, so `BusinessID` does not narrow the sessions; `IsDemo`, `page`, `size`
 * and `timestamp` do not change the one value answered (page and size must still be 1 or more).
 */
export function postProcessingHandler(queries: UsageQueries): ActionHandler<'GetRealtimePostProcessing'> {
  return ({ params }, { app, principal }) => {
    if (params.AccountID !== principal.accountId) {
      throw new ApiError('InvalidParameter.AccountIdMismatch', 'AccountID is not the account of the caller');
    }
    if (params.page < 1) throw new ApiError('InvalidParameter', 'page must be 1 or more');
    if (params.size < 1) throw new ApiError('InvalidParameter', 'size must be 1 or more');
    const [def] = indicatorsParam([params.IndicatorName]);
    const asked = secondsWindow(params.start, params.end);
    const w = { start: asked.start, end: Math.min(asked.end, asked.start + DAY_MS) };
    const value = def!.measure(wholeWindow(queries.spans.overlapping(app.appId, w), w)) ?? 0;
    return {
      common: {
        abnormal: ABNORMAL[def!.name]?.(value) === true ? 1 : 0,
        timestamp: Math.floor(w.end / 1000),
        value,
      },
    };
  };
}
