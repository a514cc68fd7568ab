/** One stacked series of a BarChart: its name and a value per bar. */
export interface BarSeries {
  name: string;
  values: readonly number[];
}

const COLOURS = ['#2f6fed', '#12805c', '#d97706', '#b42318', '#7c3aed', '#0e7490', '#be185d', '#6b7280'];
const WIDTH = 900;
const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 24;
const TOP = 8;

/**
 * Stacked bars in SVG, drawn here (no chart library): one bar per slot (`labels`, every tenth named under it),
 * each series a colour, with a legend and each piece's count in its tooltip.
 */
export function BarChart({
  series,
  labels,
  title,
}: {
  series: readonly BarSeries[];
  labels: readonly string[];
  title: string;
}) {
  const slots = labels.length;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceCeiling(Math.max(...totals, 0));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = (WIDTH - LEFT) / Math.max(1, slots);
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} data-testid="chart">
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={LEFT} x2={WIDTH} y1={y(max * f)} y2={y(max * f)} class="grid" />
            <text x={LEFT - 6} y={y(max * f) + 4} class="axis" text-anchor="end">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {labels.map((label, i) => {
          let base = 0;
          return (
            <g key={i}>
              {series.map((s, k) => {
                const value = s.values[i] ?? 0;
                if (value === 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return (
                  <rect
                    key={s.name}
                    x={LEFT + i * step + 1}
                    y={top}
                    width={Math.max(1, step - 2)}
                    height={height}
                    fill={COLOURS[k % COLOURS.length]}
                    data-series={s.name}
                  >
                    <title>{`${label}: ${s.name} ${value}`}</title>
                  </rect>
                );
              })}
              {i % 10 === 0 && (
                <text x={LEFT + i * step} y={HEIGHT - 6} class="axis">
                  {label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {series.map((s, k) => (
          <span key={s.name}>
            <i style={{ background: COLOURS[k % COLOURS.length] }} />
            {s.name} ({s.values.reduce((a, b) => a + b, 0)})
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The smallest 2, 4, 6 or 10 times a power of ten at or above `value` (at least 2): half of it is whole. */
function niceCeiling(value: number): number {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  return [2, 4, 6, 10].map((m) => m * power).find((n) => n >= value) ?? 10 * power;
}
