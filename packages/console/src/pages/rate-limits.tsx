import { useState } from 'preact/hooks';
import { admin } from '../api.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

/** An account's rate-limit overrides (QPS per rate group): set and remove. */
export function RateLimits({ accountId }: { accountId: string }) {
  const limits = useLoad(
    () => admin<{ overrides: Record<string, number> }>('GET', `/accounts/${accountId}/rate-limits`),
    [accountId],
  );
  const [group, setGroup] = useState('');
  const [qps, setQps] = useState('');
  const action = useAction();
  const change = (work: () => Promise<unknown>) =>
    void action.run(async () => {
      await work();
      limits.reload();
    });
  return (
    <Section title="Rate-limit overrides">
      <ErrorText error={limits.error ?? action.error} />
      <ul>
        {Object.entries(limits.value?.overrides ?? {}).map(([name, value]) => (
          <li key={name}>
            <code>{name}</code>: {value} QPS{' '}
            <button
              type="button"
              class="danger"
              onClick={() => change(() => admin('DELETE', `/accounts/${accountId}/rate-limits/${name}`))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          change(() => admin('PUT', `/accounts/${accountId}/rate-limits/${group}`, { qps: Number(qps) }));
        }}
      >
        <input
          placeholder="rate group (e.g. StartRecord)"
          value={group}
          onInput={(e) => setGroup(e.currentTarget.value)}
          required
        />
        <input
          placeholder="QPS"
          type="number"
          min="0"
          step="any"
          value={qps}
          onInput={(e) => setQps(e.currentTarget.value)}
          required
        />
        <button disabled={action.busy}>Set override</button>
      </form>
    </Section>
  );
}
