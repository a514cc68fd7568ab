/** A line of a task's timeline, as the admin API and the console's voice routes answer it. */
export interface TimelineLine {
  at: string;
  entry: 'state' | 'callback' | 'file' | 'error';
  name: string;
  detail: string;
  eventId?: string;
  deliveries?: { deliveryId: number; businessId: string; status: string; attempts: number }[];
}

const MARKS: Record<TimelineLine['entry'], string> = { state: '◆', callback: '↗', file: '▣', error: '✖' };

/**
 * A task's life in order: its state changes, the callbacks it sent (with how each delivery went, linked to the
 * callbacks page), the files it stored and its errors, each at its time and its offset from the first.
 */
export function Timeline({ lines, total }: { lines: readonly TimelineLine[]; total: number }) {
  if (lines.length === 0) return <p class="muted">Nothing in its timeline yet.</p>;
  const start = Date.parse(lines[0]!.at);
  return (
    <ol class="timeline" data-testid="timeline">
      {lines.map((line, i) => (
        <li key={i} class={line.entry} data-entry={line.entry} data-name={line.name}>
          <span class="mark" title={line.entry}>
            {MARKS[line.entry]}
          </span>
          <time dateTime={line.at} title={line.at}>
            +{((Date.parse(line.at) - start) / 1000).toFixed(3)} s
          </time>
          <strong>{line.name}</strong>
          {line.detail && <span class="detail">{line.detail}</span>}
          {line.entry === 'callback' || line.eventId ? <Deliveries line={line} /> : null}
        </li>
      ))}
      {total > lines.length && <li class="muted">… and {total - lines.length} more</li>}
    </ol>
  );
}

function Deliveries({ line }: { line: TimelineLine }) {
  if (!line.eventId) return <small class="muted">no subscription took it</small>;
  return (
    <small>
      {line.deliveries?.map((d) => (
        <a key={d.deliveryId} href={`#/deliveries/${d.deliveryId}`} class={`delivery ${d.status}`}>
          {d.status}
          {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
          {d.businessId ? ` (${d.businessId})` : ''}
        </a>
      ))}
    </small>
  );
}
