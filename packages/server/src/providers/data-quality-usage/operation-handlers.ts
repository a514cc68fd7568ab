import { distributionOverWindow, indicatorSeries } from '../../usage/indicator-series.js';
import { queryWindow } from '../../usage/query-window.js';
import type { UsageQueries } from '../../usage/usage-queries.js';
import type { AreaHandlers } from '../provider.js';
import { historicalSpan, OPERATION_GRANULARITY, REALTIME } from './data-windows.js';
import { dimensionParam, granularityParam, indicatorsParam } from './indicator-params.js';
import { seriesWire } from './series-wire.js';

type OperationActions = 'ListOperationData' | 'ListRealTimeOperationData' | 'ListOperationDistribution';

/** The operation data: counts of users, rooms, joins and minutes, straight from the session records. */
export function operationHandlers(
  queries: UsageQueries,
  now: () => number,
): Pick<AreaHandlers<'data-quality-usage'>, OperationActions> {
  return {
    ListOperationData: ({ params }, { app }) => {
      const defs = indicatorsParam(params.Indicator, 'operation');
      const step = granularityParam(params.AggregateGranularity, OPERATION_GRANULARITY);
      const w = queryWindow(params, { maxSpanMs: historicalSpan(step) }, now());
      return {
        AggregateGranularity: params.AggregateGranularity,
        Indicators: indicatorSeries(defs, queries.spans.overlapping(app.appId, w), w, step).map(seriesWire),
      };
    },

    ListRealTimeOperationData: ({ params }, { app }) => {
      const defs = indicatorsParam(params.Indicator, 'operation');
      const w = queryWindow(params, REALTIME.rule, now());
      const found = queries.spans.overlapping(app.appId, w);
      return { Indicators: indicatorSeries(defs, found, w, REALTIME.stepMs).map(seriesWire) };
    },

    /**
     * Users per dimension value over the window (the docs: only user_count; dimensions Province and Country, to
     * which this server adds OS and Access). Proportion is the value's share of the total, 0 to 1.
     */
    ListOperationDistribution: ({ params }, { app }) => {
      const [def] = indicatorsParam([params.Indicator], 'operation');
      const dimension = dimensionParam(params.Dimension, ['Province', 'Country', 'OS', 'Access']);
      const w = queryWindow(params, { maxSpanMs: historicalSpan(OPERATION_GRANULARITY['1d']) }, now());
      const groups = distributionOverWindow(def!, queries.spans.overlapping(app.appId, w), w, dimension);
      return {
        Name: def!.name,
        Dimension: dimension,
        Data: groups.map((g) => ({ DistributionName: g.name, Value: g.value, Proportion: g.proportion })),
      };
    },
  };
}
