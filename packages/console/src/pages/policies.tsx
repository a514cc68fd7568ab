import { admin } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText } from '../parts/feedback.js';
import { InlineForm } from '../parts/inline-form.js';
import { useResource } from '../parts/use-resource.js';

interface Policy {
  policyId: string;
  action: string;
  appIds?: string[];
}

/** A sub-user's policies: attach (an action, optionally limited to AppIds) and detach. */
export function Policies({ userId }: { userId: string }) {
  const policies = useResource(() => admin<{ policies: Policy[] }>('GET', `/users/${userId}/policies`), [userId]);
  return (
    <div class="policies">
      <ErrorText error={policies.error} />
      <DataTable
        bare
        rows={policies.value?.policies}
        rowKey={(p) => p.policyId}
        columns={[
          { title: 'Action', cell: (p) => <code>{p.action}</code> },
          { title: 'Apps', cell: (p) => (p.appIds ? `on ${p.appIds.join(', ')}` : 'on every app') },
          {
            title: '',
            class: () => 'buttons',
            cell: (p) => (
              <button
                type="button"
                class="danger"
                onClick={() => void policies.change(() => admin('DELETE', `/policies/${p.policyId}`))}
              >
                Detach
              </button>
            ),
          },
        ]}
      />
      <InlineForm
        submit="Attach policy"
        busy={policies.busy}
        fields={[
          { name: 'action', label: 'policy action', initial: 'rtc:*' },
          { name: 'appIds', placeholder: 'AppIds (comma-separated, optional)', required: false },
        ]}
        onSubmit={({ action, appIds }) => {
          const ids = appIds!
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
          return policies.change(() =>
            admin('POST', `/users/${userId}/policies`, { action, ...(ids.length > 0 && { appIds: ids }) }),
          );
        }}
      />
    </div>
  );
}
