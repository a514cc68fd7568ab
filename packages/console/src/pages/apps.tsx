import { useState } from 'preact/hooks';
import { admin, type Account, type App } from '../api.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

/**
 * Apps: list, create (for an account), enable or disable, and an app's AppKeys on demand. The admin API has no
 * deletion of apps (a disabled app refuses every call and every join), so neither has the console.
 */
export function AppsPage() {
  const apps = useLoad(() => admin<{ total: number; items: App[] }>('GET', '/apps?limit=100'));
  const accounts = useLoad(() => admin<{ items: Account[] }>('GET', '/accounts?limit=100'));
  const [accountId, setAccountId] = useState('');
  const [name, setName] = useState('');
  const [shown, setShown] = useState<App | undefined>(undefined);
  const action = useAction();
  const owner = accountId || accounts.value?.items[0]?.accountId || '';
  return (
    <div class="page">
      <Section title={`Apps (${apps.value?.total ?? '…'})`}>
        <ErrorText error={apps.error ?? action.error} />
        <table>
          <thead>
            <tr>
              <th>AppId</th>
              <th>Name</th>
              <th>Account</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {apps.value?.items.map((a) => (
              <tr key={a.appId} data-app={a.name}>
                <td>
                  <code>{a.appId}</code>
                </td>
                <td>{a.name}</td>
                <td>{a.accountId}</td>
                <td class={a.status}>{a.status}</td>
                <td class="buttons">
                  <button
                    type="button"
                    onClick={() => void action.run(async () => setShown(await admin<App>('GET', `/apps/${a.appId}`)))}
                  >
                    AppKeys
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void action.run(async () => {
                        await admin('PUT', `/apps/${a.appId}/status`, {
                          status: a.status === 'enabled' ? 'disabled' : 'enabled',
                        });
                        apps.reload();
                      })
                    }
                  >
                    {a.status === 'enabled' ? 'Disable' : 'Enable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await admin('POST', `/accounts/${owner}/apps`, { name });
              setName('');
              apps.reload();
            });
          }}
        >
          <select aria-label="account" value={owner} onChange={(e) => setAccountId(e.currentTarget.value)}>
            {accounts.value?.items.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.name} ({a.accountId})
              </option>
            ))}
          </select>
          <input placeholder="new app name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          <button disabled={action.busy || owner === ''}>Create app</button>
        </form>
      </Section>
    </div>
  );
}
