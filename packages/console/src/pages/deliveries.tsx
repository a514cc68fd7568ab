import { useState } from 'preact/hooks';
import { admin } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

interface Attempt {
  deliveryId: number;
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

interface DeliveryDetail {
  deliveryId: number;
  eventId: string;
  appId: string;
  businessId: string;
  eventType: string;
  status: string;
  createdAt: number;
  finishedAt?: number;
  redeliveryOf?: number;
  subscriptionUrl?: string;
  payload: Record<string, string>;
  attempts: (Attempt & {
    body?: string;
    answer?: string;
    signature: { result: 'pass' | 'fail' | 'unchecked'; detail: string };
  })[];
}

const STATUSES = ['', 'pending', 'delivered', 'failed', 'dropped'];

/**
 * The callback delivery log (GET /admin/deliveries): one row per attempt, newest first. A delivery in detail
 * (`#/deliveries/<id>`): its payload, each attempt with the body posted, the receiver's answer and the Signature
 * checked on the server against the subscription's secret; Redeliver sends it again.
 */
export function DeliveriesPage({ param }: { param?: string }) {
  const [status, setStatus] = useState('');
  const [appId, setAppId] = useState('');
  const query = new URLSearchParams({ limit: '200', ...(status && { status }), ...(appId && { appId }) });
  const log = useLoad(
    () => admin<{ deliveries: Attempt[] }>('GET', `/deliveries?${query.toString()}`),
    [status, appId],
  );
  const selected = param && /^\d+$/.test(param) ? Number(param) : undefined;
  return (
    <div class="page">
      {selected !== undefined && <Delivery key={selected} deliveryId={selected} onChanged={log.reload} />}
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
        <DataTable
          rows={log.value?.deliveries}
          rowKey={(d) => `${d.deliveryId}/${d.attempt}`}
          empty="No delivery attempt yet."
          rowProps={(d) => ({
            class: d.deliveryId === selected ? 'selected' : '',
            'data-delivery': String(d.deliveryId),
            onClick: () => (location.hash = `#/deliveries/${d.deliveryId}`),
          })}
          columns={[
            { title: 'At', cell: (d) => d.at },
            {
              title: 'Event',
              cell: (d) => (
                <>
                  <a href={`#/deliveries/${d.deliveryId}`}>{d.eventType}</a>
                  <br />
                  <small>{d.eventId}</small>
                </>
              ),
            },
            { title: 'App', cell: (d) => d.appId },
            { title: 'URL', cell: (d) => <code>{d.url}</code> },
            { title: 'Attempt', cell: (d) => d.attempt },
            { title: 'Answer', cell: (d) => answerOf(d) },
            { title: 'Outcome', cell: (d) => d.outcome, class: (d) => d.outcome },
          ]}
        />
      </Section>
    </div>
  );
}

function Delivery({ deliveryId, onChanged }: { deliveryId: number; onChanged: () => void }) {
  const detail = useLoad(() => admin<DeliveryDetail>('GET', `/deliveries/${deliveryId}`));
  const redeliver = useAction();
  const [made, setMade] = useState<number | undefined>(undefined);
  const d = detail.value;
  return (
    <Section
      title={`Delivery ${deliveryId}${d ? `: ${d.eventType}` : ''}`}
      actions={
        <>
          <button type="button" onClick={detail.reload}>
            Refresh
          </button>
          <button
            type="button"
            class="primary-inline"
            disabled={redeliver.busy || d === undefined}
            onClick={() =>
              void redeliver.run(async () => {
                const answer = await admin<{ deliveryId: number }>('POST', `/deliveries/${deliveryId}/redeliver`);
                setMade(answer.deliveryId);
                onChanged();
              })
            }
          >
            Redeliver
          </button>
        </>
      }
    >
      <ErrorText error={detail.error ?? redeliver.error} />
      {made !== undefined && (
        <p role="status" data-testid="redelivered">
          Queued again as <a href={`#/deliveries/${made}`}>delivery {made}</a>: the worker posts it within its next
          poll.
        </p>
      )}
      {d && (
        <>
          <p>
            <strong class={d.status}>{d.status}</strong> · EventId <code>{d.eventId}</code> · app {d.appId}
            {d.businessId && ` · BusinessId ${d.businessId}`} · to{' '}
            {d.subscriptionUrl ?? '(the subscription was deleted)'}
            {d.redeliveryOf !== undefined && (
              <>
                {' '}
                · a redelivery of <a href={`#/deliveries/${d.redeliveryOf}`}>delivery {d.redeliveryOf}</a>
              </>
            )}
          </p>
          <h3>Payload</h3>
          <pre data-testid="payload">
            {JSON.stringify({ ...d.payload, EventData: parsed(d.payload.EventData) }, null, 2)}
          </pre>
          <h3>Attempts</h3>
          {d.attempts.length === 0 && <p class="muted">Not attempted yet.</p>}
          {d.attempts.map((a) => (
            <div class="attempt" key={a.attempt} data-attempt={a.attempt}>
              <h4>
                Attempt {a.attempt} · {a.at} · <span class={a.outcome}>{a.outcome}</span> · {answerOf(a)}
              </h4>
              <p class={`signature ${a.signature.result}`} data-testid="signature">
                Signature check: <strong>{a.signature.result}</strong> ({a.signature.detail})
              </p>
              {a.answer !== undefined && (
                <>
                  <small>The receiver answered:</small>
                  <pre data-testid="answer">{a.answer || '(an empty body)'}</pre>
                </>
              )}
              {a.body !== undefined && (
                <details>
                  <summary>Body posted</summary>
                  <pre>{a.body}</pre>
                </details>
              )}
            </div>
          ))}
        </>
      )}
    </Section>
  );
}

function answerOf(d: Attempt) {
  return (
    <>
      {d.httpStatus ?? d.error ?? '—'} <small>{d.durationMs} ms</small>
    </>
  );
}

function parsed(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return text;
  }
}
