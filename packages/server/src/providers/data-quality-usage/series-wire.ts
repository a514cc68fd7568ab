import { formatRfc3339 } from '../../usage/query-window.js';
import type { IndicatorSeries } from '../../usage/indicator-series.js';

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** An indicator series as the data actions answer it: points of {TimeStamp, Value} and an overview of the window. */
export function seriesWire(s: IndicatorSeries) {
  return {
    Name: s.def.name,
    Unit: s.def.unit,
    Data: s.points.map((p) => ({ TimeStamp: formatRfc3339(p.start), Value: p.value })),
    overview: {
      Name: s.def.name,
      Alias: s.def.alias,
      Unit: s.def.unit,
      Value: text(s.overall),
      MaxValue: text(s.max),
      MinValue: text(s.min),
      HoverInfo: s.def.alias,
      ExtraInfo: s.def.observed ? 'observed from session records' : 'modelled (docs/data-and-tail.md)',
    },
  };
}
