import type { CacheStats } from '../store/cache-registry.js';

/** Upper bounds of the latency histogram, in seconds (Prometheus `le` labels). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** One action's series: its answers by code, and its latency histogram. */
interface ActionSeries {
  /** Per code, a counter object: a hit increments it in place, with no Map write per request. */
  byCode: Map<string, { count: number }>;
  counts: number[];
  sum: number;
  total: number;
}

/**
 * The text of `/metrics`: requests by action and code, and a latency histogram by action, counted here; and each
 * named cache's size, hits and misses, read from the cache registry when rendered. Kept by hand rather than with a
 * metrics library because these few series are all the server exports. Callers pass only catalog actions and
 * documented codes (anything else as `-`), so a fuzzing client cannot grow the label space; cache names are fixed
 * in the code.
 */
export class RequestMetrics {
  private readonly series = new Map<string, ActionSeries>();
  private inFlight = 0;
  private readonly caches: { stats(): readonly CacheStats[] } | undefined;

  /** `caches`: the server's cache registry (`store/cache-registry.ts`); without it no cache series are printed. */
  constructor(options: { caches?: { stats(): readonly CacheStats[] } } = {}) {
    this.caches = options.caches;
  }

  started(): void {
    this.inFlight++;
  }

  finished(action: string, code: string, seconds: number): void {
    this.inFlight--;
    let series = this.series.get(action);
    if (!series) {
      series = { byCode: new Map(), counts: LATENCY_BUCKETS.map(() => 0), sum: 0, total: 0 };
      this.series.set(action, series);
    }
    const counter = series.byCode.get(code);
    if (counter) counter.count++;
    else series.byCode.set(code, { count: 1 });
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) series.counts[i]!++;
    series.sum += seconds;
    series.total++;
  }

  /** The Prometheus text exposition format, version 0.0.4. */
  render(): string {
    const lines: string[] = [
      '# HELP rtc_requests_total API requests answered, by action and result code (OK for success).',
      '# TYPE rtc_requests_total counter',
    ];
    for (const [action, { byCode }] of this.series) {
      for (const [code, { count }] of byCode) {
        lines.push(`rtc_requests_total{action="${escapeLabel(action)}",code="${escapeLabel(code)}"} ${count}`);
      }
    }
    lines.push(
      '# HELP rtc_request_duration_seconds Time from the request to the last byte of its answer, by action.',
      '# TYPE rtc_request_duration_seconds histogram',
    );
    for (const [action, series] of this.series) {
      const label = `action="${escapeLabel(action)}"`;
      LATENCY_BUCKETS.forEach((le, i) => {
        lines.push(`rtc_request_duration_seconds_bucket{${label},le="${le}"} ${series.counts[i]}`);
      });
      lines.push(`rtc_request_duration_seconds_bucket{${label},le="+Inf"} ${series.total}`);
      lines.push(`rtc_request_duration_seconds_sum{${label}} ${series.sum}`);
      lines.push(`rtc_request_duration_seconds_count{${label}} ${series.total}`);
    }
    lines.push(
      '# HELP rtc_requests_in_flight API requests being served now.',
      '# TYPE rtc_requests_in_flight gauge',
      `rtc_requests_in_flight ${this.inFlight}`,
    );
    if (this.caches) renderCaches(this.caches.stats(), lines);
    return lines.join('\n') + '\n';
  }
}

/** Counts only: a cache's keys and values (decrypted secrets among them) never reach the metrics. */
function renderCaches(caches: readonly CacheStats[], lines: string[]): void {
  const families = [
    ['rtc_cache_entries', 'gauge', 'Entries a server cache holds now.', 'entries'],
    ['rtc_cache_hits_total', 'counter', 'Lookups a server cache answered.', 'hits'],
    ['rtc_cache_misses_total', 'counter', 'Lookups a server cache could not answer (absent or expired).', 'misses'],
  ] as const;
  for (const [metric, type, help, field] of families) {
    lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} ${type}`);
    for (const cache of caches) lines.push(`${metric}{cache="${escapeLabel(cache.name)}"} ${cache[field]}`);
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
