import type { IndicatorDef } from './indicator-catalog.js';
import type { QueryWindow } from './query-window.js';
import type { SessionSpan } from './session-spans.js';
import { bucketsOf, wholeWindow, type Bucket, type Slice } from './time-buckets.js';

export interface SeriesPoint {
  start: number;
  value: number;
}

export interface IndicatorSeries {
  def: IndicatorDef;
  points: SeriesPoint[];
  /** The indicator over the whole window (a distinct count over the window, not a sum of points). */
  overall: number | undefined;
  min: number | undefined;
  max: number | undefined;
}

/** One series per indicator over the window, in buckets of `stepMs`; buckets with nothing to measure are left out. */
export function indicatorSeries(
  defs: readonly IndicatorDef[],
  spans: readonly SessionSpan[],
  w: QueryWindow,
  stepMs: number,
): IndicatorSeries[] {
  const buckets = bucketsOf(spans, w, stepMs);
  const whole = wholeWindow(spans, w);
  return defs.map((def) => {
    const points = pointsOf(def, buckets);
    const values = points.map((p) => p.value);
    return {
      def,
      points,
      overall: def.measure(whole),
      min: values.length > 0 ? Math.min(...values) : undefined,
      max: values.length > 0 ? Math.max(...values) : undefined,
    };
  });
}

function pointsOf(def: IndicatorDef, buckets: readonly Bucket[]): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const b of buckets) {
    const value = def.measure(b);
    if (value !== undefined) points.push({ start: b.start, value });
  }
  return points;
}

/** The dimensions a distribution splits sessions by. */
export type Dimension = 'OS' | 'Access' | 'Country' | 'Province';

/**
 * The value of a session in a dimension. OS: the platform reported at join. The server knows neither a client's
 * network type nor where its IP is (no geo database): every session is on `wifi` and in `Unknown`.
 */
export function dimensionValue(span: SessionSpan, dimension: Dimension): string {
  switch (dimension) {
    case 'OS':
      return span.platform;
    case 'Access':
      return 'wifi';
    case 'Country':
    case 'Province':
      return 'Unknown';
  }
}

export interface DistributionPoint {
  dimension: string;
  start: number;
  value: number;
}

/** The indicator per dimension value per bucket (ListQualityDistribution): the series of each group of sessions. */
export function distributionSeries(
  def: IndicatorDef,
  spans: readonly SessionSpan[],
  w: QueryWindow,
  stepMs: number,
  dimension: Dimension,
): DistributionPoint[] {
  const points: DistributionPoint[] = [];
  for (const b of bucketsOf(spans, w, stepMs)) {
    for (const [key, slices] of groupBy(b.slices, (s) => dimensionValue(s.span, dimension))) {
      const value = def.measure({ start: b.start, end: b.end, slices });
      if (value !== undefined) points.push({ dimension: key, start: b.start, value });
    }
  }
  return points;
}

/** The indicator per dimension value over the whole window, with each value's share of the total. */
export function distributionOverWindow(
  def: IndicatorDef,
  spans: readonly SessionSpan[],
  w: QueryWindow,
  dimension: Dimension,
): { name: string; value: number; proportion: number }[] {
  const whole = wholeWindow(spans, w);
  const groups = [...groupBy(whole.slices, (s) => dimensionValue(s.span, dimension))].map(([name, slices]) => ({
    name,
    value: def.measure({ ...whole, slices }) ?? 0,
  }));
  const total = groups.reduce((sum, g) => sum + g.value, 0);
  return groups
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .map((g) => ({ ...g, proportion: total > 0 ? Math.round((g.value / total) * 10_000) / 10_000 : 0 }));
}

function groupBy(slices: readonly Slice[], key: (s: Slice) => string): Map<string, Slice[]> {
  const groups = new Map<string, Slice[]>();
  for (const s of slices) {
    const k = key(s);
    const list = groups.get(k) ?? [];
    list.push(s);
    groups.set(k, list);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}
