import { useState } from 'preact/hooks';
import { admin } from '../api.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

interface Delivery {
  eventId: string;
  appId: string;
  eventType: string;
  url: string;
  attempt: number;
  httpStatus?: number;
  error?: string;
  durationMs: number;
  outcome: string;
  at: string;
}

const STATUSES = ['', 'pending', 'delivered', 'failed', 'dropped'];

/** The callback delivery log (GET /admin/deliveries): one row per attempt, newest first, with its answer. */
export function DeliveriesPage() {
  const [status, setStatus] = useState('');
  const [appId, setAppId] = useState('');
  const query = new URLSearchParams({ limit: '200', ...(status && { status }), ...(appId && { appId }) });
  const log = useLoad(
    () => admin<{ deliveries: Delivery[] }>('GET', `/deliveries?${query.toString()}`),
    [status, appId],
  );
  return (
    <div class="page">
      <Section
        title={`Callback deliveries (${log.value?.deliveries.length ?? '…'})`}
        actions={
          <button type="button" onClick={log.reload}>
            Refresh
          </button>
        }
      >
        <div class="inline">
          <label>
            Delivery status
            <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || '(any)'}
                </option>
              ))}
            </select>
          </label>
          <label>
            AppId
            <input value={appId} placeholder="(any)" onChange={(e) => setAppId(e.currentTarget.value.trim())} />
          </label>
        </div>
        <ErrorText error={log.error} />
        {log.value?.deliveries.length === 0 && <p class="muted">No delivery attempt yet.</p>}
        <table>
          <thead>
            <tr>
              <th>At</th>
              <th>Event</th>
              <th>App</th>
              <th>URL</th>
              <th>Attempt</th>
              <th>Answer</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {log.value?.deliveries.map((d) => (
              <tr key={`${d.eventId}/${d.attempt}`}>
                <td>{d.at}</td>
                <td>
                  {d.eventType}
                  <br />
                  <small>{d.eventId}</small>
                </td>
                <td>{d.appId}</td>
                <td>
                  <code>{d.url}</code>
                </td>
                <td>{d.attempt}</td>
                <td>
                  {d.httpStatus ?? d.error ?? '—'} <small>{d.durationMs} ms</small>
                </td>
                <td class={d.outcome}>{d.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
