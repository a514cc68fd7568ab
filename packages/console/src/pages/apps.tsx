import { useState } from 'preact/hooks';
import { admin, type Account, type App } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { InlineForm } from '../parts/inline-form.js';
import { useLoad } from '../parts/use-load.js';
import { useResource } from '../parts/use-resource.js';

/**
 * Apps: list, create (for an account), enable or disable, and an app's AppKeys on demand. The admin API has no
 * deletion of apps (a disabled app refuses every call and every join), so neither has the console.
 */
export function AppsPage() {
  const apps = useResource(() => admin<{ total: number; items: App[] }>('GET', '/apps?limit=100'));
  const accounts = useLoad(() => admin<{ items: Account[] }>('GET', '/accounts?limit=100'));
  const [shown, setShown] = useState<App | undefined>(undefined);
  return (
    <div class="page">
      <Section title={`Apps (${apps.value?.total ?? '…'})`}>
        <ErrorText error={apps.error ?? accounts.error} />
        <DataTable
          rows={apps.value?.items}
          rowKey={(a) => a.appId}
          rowProps={(a) => ({ 'data-app': a.name })}
          columns={[
            { title: 'AppId', cell: (a) => <code>{a.appId}</code> },
            { title: 'Name', cell: (a) => a.name },
            { title: 'Account', cell: (a) => a.accountId },
            { title: 'Status', cell: (a) => a.status, class: (a) => a.status },
            {
              title: '',
              class: () => 'buttons',
              cell: (a) => (
                <>
                  <button
                    type="button"
                    onClick={() => void apps.change(async () => setShown(await admin<App>('GET', `/apps/${a.appId}`)))}
                  >
                    AppKeys
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void apps.change(() =>
                        admin('PUT', `/apps/${a.appId}/status`, {
                          status: a.status === 'enabled' ? 'disabled' : 'enabled',
                        }),
                      )
                    }
                  >
                    {a.status === 'enabled' ? 'Disable' : 'Enable'}
                  </button>
                </>
              ),
            },
          ]}
        />
        {shown && (
          <div class="once">
            <strong>AppKeys of {shown.name}</strong>
            <code>primary: {shown.appKey}</code>
            <code>secondary: {shown.secondaryAppKey ?? '(none)'}</code>
            <button type="button" onClick={() => setShown(undefined)}>
              Hide
            </button>
          </div>
        )}
        <InlineForm
          submit="Create app"
          busy={apps.busy}
          fields={[
            {
              name: 'accountId',
              label: 'account',
              options: (accounts.value?.items ?? []).map((a) => ({
                value: a.accountId,
                label: `${a.name} (${a.accountId})`,
              })),
            },
            { name: 'name', placeholder: 'new app name' },
          ]}
          onSubmit={({ accountId, name }) => apps.change(() => admin('POST', `/accounts/${accountId}/apps`, { name }))}
        />
      </Section>
    </div>
  );
}
