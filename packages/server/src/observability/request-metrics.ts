import type { CacheStats } from '../store/cache-registry.js';

/** Upper bounds of the latency histogram, in seconds (Prometheus `le` labels). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** The minutes of recent history kept per action and code (`recent()`: the last hour). */
const MINUTES = 60;
const MINUTE_MS = 60_000;

/** An action's answers with one code: the total, and per minute over the last MINUTES minutes (a ring). */
interface CodeCounter {
  count: number;
  /** Requests in each minute slot (slot = minute % MINUTES)... */
  perMinute: Uint32Array;
  /** ...and which minute (unix ms / 60000) the slot counts; an older one is stale. */
  minuteOf: Float64Array;
}

/** One action's series: its answers by code, and its latency histogram. */
interface ActionSeries {
  /** Per code, a counter object: a hit increments it in place, with no Map write per request. */
  byCode: Map<string, CodeCounter>;
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
  private caches: { stats(): readonly CacheStats[] } | undefined;

  /** `caches`: the server's cache registry (`store/cache-registry.ts`); without it no cache series are printed. */
  constructor(options: { caches?: { stats(): readonly CacheStats[] } } = {}) {
    this.caches = options.caches;
  }

  /** Prints these caches' series too (the registry of modules built after the metrics). */
  readCaches(caches: { stats(): readonly CacheStats[] }): void {
    this.caches = caches;
  }

  started(): void {
    this.inFlight++;
  }

  /** A request answered: its action and code, how long it took, and when it came (unix ms, for `recent`). */
  finished(action: string, code: string, seconds: number, atMs: number): void {
    this.inFlight--;
    let series = this.series.get(action);
    if (!series) {
      series = { byCode: new Map(), counts: LATENCY_BUCKETS.map(() => 0), sum: 0, total: 0 };
      this.series.set(action, series);
    }
    let counter = series.byCode.get(code);
    if (!counter) {
      counter = { count: 0, perMinute: new Uint32Array(MINUTES), minuteOf: new Float64Array(MINUTES).fill(-1) };
      series.byCode.set(code, counter);
    }
    counter.count++;
    const minute = Math.floor(atMs / MINUTE_MS);
    const slot = minute % MINUTES;
    if (counter.minuteOf[slot] !== minute) {
      counter.minuteOf[slot] = minute;
      counter.perMinute[slot] = 0;
    }
    counter.perMinute[slot]!++;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) series.counts[i]!++;
    series.sum += seconds;
    series.total++;
  }

  /**
   * Requests by action and code in each of the last MINUTES minutes up to `nowMs` (oldest first; the last is the
   * minute in progress), for the console's chart. Series with no request in that hour are left out.
   */
  recent(nowMs: number): { minutes: number[]; series: { action: string; code: string; counts: number[] }[] } {
    const last = Math.floor(nowMs / MINUTE_MS);
    const minutes = Array.from({ length: MINUTES }, (_, i) => (last - MINUTES + 1 + i) * MINUTE_MS);
    const series: { action: string; code: string; counts: number[] }[] = [];
    for (const [action, { byCode }] of this.series) {
      for (const [code, counter] of byCode) {
        const counts = minutes.map((start) => {
          const minute = start / MINUTE_MS;
          const slot = minute % MINUTES;
          return counter.minuteOf[slot] === minute ? counter.perMinute[slot]! : 0;
        });
        if (counts.some((n) => n > 0)) series.push({ action, code, counts });
      }
    }
    return { minutes, series };
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
