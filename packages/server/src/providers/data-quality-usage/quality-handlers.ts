import { ApiError } from '../../errors/api-error.js';
import { indicatorSeries, distributionSeries } from '../../usage/indicator-series.js';
import { formatRfc3339, queryWindow, type QueryWindow } from '../../usage/query-window.js';
import type { SessionSpan, SpanFilter } from '../../usage/session-spans.js';
import type { UsageQueries } from '../../usage/usage-queries.js';
import type { AreaHandlers } from '../provider.js';
import { DISTRIBUTION, historicalSpan, LEGACY, QUALITY_GRANULARITY, REALTIME } from './data-windows.js';
import {
  accessKeepsSessions,
  dimensionParam,
  granularityParam,
  indicatorsParam,
  platformFilter,
  spanFilter,
} from './indicator-params.js';
import { seriesWire } from './series-wire.js';

type QualityActions =
  | 'ListQuality'
  | 'ListRealTimeQuality'
  | 'ListQualityDistribution'
  | 'ListRealTimeQualityDistribution'
  | 'ListIndicators';

const DIMENSIONS = ['Province', 'Country', 'OS', 'Access'] as const;

/**
 * The quality data: rates and latencies per bucket of the sessions the filters keep (indicator-catalog.ts; the
 * modelled ones from usage/quality-model.ts).
 */
export function qualityHandlers(
  queries: UsageQueries,
  now: () => number,
): Pick<AreaHandlers<'data-quality-usage'>, QualityActions> {
  const spans = (appId: string, w: QueryWindow, filter: SpanFilter, keep: boolean): SessionSpan[] =>
    keep ? queries.spans.overlapping(appId, w, filter) : [];

  return {
    ListQuality: ({ params }, { app }) => {
      const defs = indicatorsParam(params.Indicator, 'quality');
      const step = granularityParam(params.AggregateGranularity, QUALITY_GRANULARITY);
      const w = queryWindow(params, { maxSpanMs: historicalSpan(step) }, now());
      const filter = spanFilter({ ...params, platforms: platformFilter(params) });
      const found = spans(app.appId, w, filter, accessKeepsSessions(params.Access, 'Access'));
      return {
        AggregateGranularity: params.AggregateGranularity,
        Indicators: indicatorSeries(defs, found, w, step).map(seriesWire),
      };
    },

    ListRealTimeQuality: ({ params }, { app }) => {
      const defs = indicatorsParam(params.Indicator, 'quality');
      const w = queryWindow(params, REALTIME.rule, now());
      const filter = spanFilter({ ...params, platforms: platformFilter(params) });
      const found = spans(app.appId, w, filter, true);
      return {
        Indicators: indicatorSeries(defs, found, w, REALTIME.stepMs).map(seriesWire),
        RoomId: params.RoomId ?? '',
        UserId: params.UserId ?? [],
      };
    },

    ListQualityDistribution: ({ params }, { app }) => {
      const [def] = indicatorsParam([params.Indicator], 'quality');
      const dimension = dimensionParam(params.Dimension, DIMENSIONS);
      const w = queryWindow(params, DISTRIBUTION.rule, now());
      const found = spans(app.appId, w, spanFilter({ platforms: platformFilter(params) }), true);
      const points = distributionSeries(def!, found, w, DISTRIBUTION.stepMs, dimension);
      return { Indicators: [distributionWire(def!.name, points)] };
    },

    ListRealTimeQualityDistribution: ({ params }, { app }) => {
      const [def] = indicatorsParam([params.Indicator], 'quality');
      const dimension = dimensionParam(params.Dimension, DIMENSIONS);
      const w = queryWindow(params, REALTIME.rule, now());
      const found = spans(app.appId, w, spanFilter({ platforms: platformFilter(params) }), true);
      const points = distributionSeries(def!, found, w, REALTIME.stepMs, dimension);
      return { Indicators: [distributionWire(def!.name, points)] };
    },

    ListIndicators: ({ params }, { app }) => {
      const defs = indicatorsParam([params.Indicator]);
      const w = queryWindow(params, LEGACY.rule, now());
      const filter = spanFilter({ platforms: platformFilter({ ...(params.OS !== undefined && { OS: params.OS }) }) });
      const found = spans(app.appId, w, filter, accessKeepsSessions(params.Network, 'Network'));
      return {
        Indicators: indicatorSeries(defs, found, w, LEGACY.stepMs).map((s) => ({
          Name: s.def.name,
          Unit: s.def.unit,
          Data: s.points.map((p) => ({ TimeStamp: formatRfc3339(p.start), Value: p.value })),
        })),
      };
    },
  };
}

function distributionWire(name: string, points: ReturnType<typeof distributionSeries>) {
  return {
    Name: name,
    Data: points.map((p) => ({ Dimension: p.dimension, TimeStamp: formatRfc3339(p.start), Value: p.value })),
  };
}

/** Refuses a window of unix seconds that ends before it starts (GetRealtimePostProcessing's start and end). */
export function secondsWindow(start: number, end: number): QueryWindow {
  if (start < 0) throw new ApiError('InvalidParameter', 'start must be unix seconds, 0 or more');
  if (end < 0) throw new ApiError('InvalidParameter', 'end must be unix seconds, 0 or more');
  if (start > end) throw new ApiError('InvalidParameter.StartTimeAfterEndTime', 'start is after end');
  return { start: start * 1000, end: end * 1000 };
}
