import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestMetrics } from '../../src/observability/request-metrics.js';

const MINUTE = 60_000;

test('requests by action and code per minute over the last hour: the minute in progress last, stale minutes gone', () => {
  const metrics = new RequestMetrics();
  const t0 = Date.parse('2026-03-04T05:06:00.000Z');
  metrics.finished('ListApps', 'OK', 0.001, t0);
  metrics.finished('ListApps', 'OK', 0.001, t0 + 59_999);
  metrics.finished('ListApps', 'InvalidParameter', 0.001, t0 + 30_000);
  metrics.finished('StartRecord', 'OK', 0.01, t0 + 5 * MINUTE);

  const now = t0 + 5 * MINUTE + 1000;
  const recent = metrics.recent(now);
  assert.equal(recent.minutes.length, 60);
  assert.equal(recent.minutes.at(-1), t0 + 5 * MINUTE, 'the last slot is the minute in progress');
  assert.equal(recent.minutes[0], t0 + 5 * MINUTE - 59 * MINUTE);
  const of = (action: string, code: string) => recent.series.find((s) => s.action === action && s.code === code);
  assert.equal(of('ListApps', 'OK')!.counts.at(-6), 2);
  assert.equal(of('ListApps', 'InvalidParameter')!.counts.at(-6), 1);
  assert.equal(of('StartRecord', 'OK')!.counts.at(-1), 1);
  assert.equal(
    of('ListApps', 'OK')!.counts.reduce((a, b) => a + b),
    2,
  );

  // An hour on, the same ring slot counts the new minute only; the old hour is out of the window.
  metrics.finished('ListApps', 'OK', 0.001, t0 + 60 * MINUTE);
  const later = metrics.recent(t0 + 60 * MINUTE);
  const listApps = later.series.find((s) => s.action === 'ListApps' && s.code === 'OK')!;
  assert.deepEqual(listApps.counts.map((n, i) => (n > 0 ? `${i}:${n}` : '')).filter(Boolean), ['59:1']);
  assert.equal(
    later.series.some((s) => s.code === 'InvalidParameter'),
    false,
    'no request in the hour: left out',
  );
  assert.equal(later.series.find((s) => s.action === 'StartRecord')!.counts[4], 1, 'five minutes in, still shown');
  // The cumulative counters of /metrics are not windowed.
  assert.match(metrics.render(), /rtc_requests_total\{action="ListApps",code="OK"\} 3/);
});
