import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { BarChart, type BarSeries } from '../parts/bar-chart.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

interface Recent {
  /** The start of each minute, unix ms, oldest first. */
  minutes: number[];
  series: { action: string; code: string; counts: number[] }[];
}

/** Series beyond this many are drawn together as "other". */
const MOST = 7;
const REFRESH_MS = 15_000;

/**
 * Requests by action and code over the last hour, a bar a minute, from the server's own metrics (the counters
 * behind /metrics): stacked by code or by action, one action or code picked out, and the hour's totals.
 */
export function RequestsPage() {
  const recent = useLoad(() => api<Recent>('GET', '/metrics/requests'));
  const [by, setBy] = useState<'code' | 'action'>('code');
  const [only, setOnly] = useState('');
  useEffect(() => {
    const timer = setInterval(recent.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const data = recent.value;
  const other = by === 'code' ? 'action' : 'code';
  const picked = data?.series.filter((s) => only === '' || s[other] === only) ?? [];
  const totals = data?.series.map((s) => ({ ...s, total: s.counts.reduce((a, b) => a + b, 0) })) ?? [];
  const choices = [...new Set(data?.series.map((s) => s[other]))].sort();
  return (
    <div class="page">
      <Section
        title="Requests over the last hour"
        actions={
          <button type="button" onClick={recent.reload}>
            Refresh
          </button>
        }
      >
        <ErrorText error={recent.error} />
        <div class="inline">
          <label>
            Stack by
            <select
              value={by}
              onChange={(e) => {
                setBy(e.currentTarget.value as 'code' | 'action');
                setOnly('');
              }}
            >
              <option value="code">code</option>
              <option value="action">action</option>
            </select>
          </label>
          <label>
            Only the {other}
            <select name="only" value={only} onChange={(e) => setOnly(e.currentTarget.value)}>
              <option value="">(every {other})</option>
              {choices.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </div>
        {data && (
          <BarChart
            title={`requests per minute (UTC) by ${by}`}
            labels={data.minutes.map((m) => new Date(m).toISOString().slice(11, 16))}
            series={stacked(picked, by)}
          />
        )}
        {data?.series.length === 0 && <p class="muted">No API request in the last hour.</p>}
      </Section>
      <Section title="This hour's requests by action and code">
        <DataTable
          rows={totals.sort((a, b) => b.total - a.total)}
          rowKey={(s) => `${s.action}/${s.code}`}
          rowProps={(s) => ({ 'data-series': `${s.action}/${s.code}` })}
          columns={[
            { title: 'Action', cell: (s) => s.action },
            { title: 'Code', cell: (s) => s.code, class: (s) => (s.code === 'OK' ? 'ok' : 'failed') },
            { title: 'Requests', cell: (s) => s.total },
          ]}
        />
      </Section>
    </div>
  );
}

/** The series summed by `by` (code or action), the biggest MOST of them, the rest as "other". */
function stacked(series: Recent['series'], by: 'code' | 'action'): BarSeries[] {
  const sums = new Map<string, number[]>();
  for (const s of series) {
    const sum = sums.get(s[by]) ?? s.counts.map(() => 0);
    s.counts.forEach((n, i) => (sum[i]! += n));
    sums.set(s[by], sum);
  }
  const ranked = [...sums].sort((a, b) => total(b[1]) - total(a[1]));
  const top: BarSeries[] = ranked.slice(0, MOST).map(([name, values]) => ({ name, values }));
  const rest = ranked.slice(MOST);
  if (rest.length > 0) {
    top.push({ name: 'other', values: rest[0]![1].map((_, i) => rest.reduce((n, [, v]) => n + v[i]!, 0)) });
  }
  return top;
}

function total(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
