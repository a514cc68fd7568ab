import { admin } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { InlineForm } from '../parts/inline-form.js';
import { useResource } from '../parts/use-resource.js';

/** An account's rate-limit overrides (QPS per rate group): set and remove. */
export function RateLimits({ accountId }: { accountId: string }) {
  const limits = useResource(
    () => admin<{ overrides: Record<string, number> }>('GET', `/accounts/${accountId}/rate-limits`),
    [accountId],
  );
  return (
    <Section title="Rate-limit overrides">
      <ErrorText error={limits.error} />
      <DataTable
        bare
        rows={Object.entries(limits.value?.overrides ?? {})}
        rowKey={([group]) => group}
        columns={[
          { title: 'Rate group', cell: ([group]) => <code>{group}</code> },
          { title: 'QPS', cell: ([, qps]) => `${qps} QPS` },
          {
            title: '',
            class: () => 'buttons',
            cell: ([group]) => (
              <button
                type="button"
                class="danger"
                onClick={() => void limits.change(() => admin('DELETE', `/accounts/${accountId}/rate-limits/${group}`))}
              >
                Remove
              </button>
            ),
          },
        ]}
      />
      <InlineForm
        submit="Set override"
        busy={limits.busy}
        fields={[
          { name: 'group', placeholder: 'rate group (e.g. StartRecord)' },
          { name: 'qps', placeholder: 'QPS', type: 'number' },
        ]}
        onSubmit={({ group, qps }) =>
          limits.change(() => admin('PUT', `/accounts/${accountId}/rate-limits/${group}`, { qps: Number(qps) }))
        }
      />
    </Section>
  );
}
