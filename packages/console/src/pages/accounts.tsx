import { useState } from 'preact/hooks';
import { admin, type Account, type User } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, Section } from '../parts/feedback.js';
import { InlineForm } from '../parts/inline-form.js';
import { useResource } from '../parts/use-resource.js';
import { AccessKeys } from './access-keys.js';
import { Policies } from './policies.js';
import { RateLimits } from './rate-limits.js';

/** Accounts: list and create; one account's RTC switch, sub-users, access keys, policies and rate limits. */
export function AccountsPage() {
  const accounts = useResource(() => admin<{ total: number; items: Account[] }>('GET', '/accounts?limit=100'));
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const account = accounts.value?.items.find((a) => a.accountId === selected);
  return (
    <div class="page">
      <Section title={`Accounts (${accounts.value?.total ?? '…'})`}>
        <ErrorText error={accounts.error} />
        <DataTable
          rows={accounts.value?.items}
          rowKey={(a) => a.accountId}
          rowProps={(a) => ({
            class: a.accountId === selected ? 'selected' : '',
            onClick: () => setSelected(a.accountId),
          })}
          columns={[
            { title: 'Account', cell: (a) => <a href="#/accounts">{a.accountId}</a> },
            { title: 'Name', cell: (a) => a.name },
            { title: 'RTC', cell: (a) => (a.rtcEnabled ? 'enabled' : 'off') },
            { title: 'Created', cell: (a) => a.createdAt },
          ]}
        />
        <InlineForm
          submit="Create account"
          busy={accounts.busy}
          fields={[{ name: 'name', placeholder: 'new account name' }]}
          onSubmit={({ name }) =>
            accounts.change(async () => {
              const made = await admin<Account>('POST', '/accounts', { name, rtcEnabled: true });
              setSelected(made.accountId);
            })
          }
        />
      </Section>
      {account && <AccountDetail key={account.accountId} account={account} onChanged={accounts.reload} />}
    </div>
  );
}

function AccountDetail({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const users = useResource(
    () => admin<{ users: User[] }>('GET', `/accounts/${account.accountId}/users`),
    [account.accountId],
  );
  return (
    <>
      <Section
        title={`Account ${account.accountId}: ${account.name}`}
        actions={
          <button
            type="button"
            onClick={() =>
              void users.change(async () => {
                await admin('PUT', `/accounts/${account.accountId}/rtc`, { enabled: !account.rtcEnabled });
                onChanged();
              })
            }
          >
            {account.rtcEnabled ? 'Turn RTC off' : 'Turn RTC on'}
          </button>
        }
      >
        <h3>Users</h3>
        <ErrorText error={users.error} />
        {users.value?.users.map((u) => (
          <div class="user" key={u.userId}>
            <h4>
              {u.userName}{' '}
              <small>
                {u.isMainUser ? 'main user' : 'sub-user'} · {u.userId}
              </small>
            </h4>
            <AccessKeys owner={{ userId: u.userId }} />
            {!u.isMainUser && <Policies userId={u.userId} />}
          </div>
        ))}
        <InlineForm
          submit="Create sub-user"
          busy={users.busy}
          fields={[{ name: 'userName', placeholder: 'new sub-user name' }]}
          onSubmit={({ userName }) =>
            users.change(() => admin('POST', `/accounts/${account.accountId}/users`, { userName }))
          }
        />
      </Section>
      <RateLimits accountId={account.accountId} />
    </>
  );
}
