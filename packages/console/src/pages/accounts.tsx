import { useState } from 'preact/hooks';
import { admin, type Account, type User } from '../api.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';
import { AccessKeys } from './access-keys.js';
import { Policies } from './policies.js';
import { RateLimits } from './rate-limits.js';

/** Accounts: list and create; one account's RTC switch, sub-users, access keys, policies and rate limits. */
export function AccountsPage() {
  const accounts = useLoad(() => admin<{ total: number; items: Account[] }>('GET', '/accounts?limit=100'));
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const create = useAction();
  const account = accounts.value?.items.find((a) => a.accountId === selected);
  return (
    <div class="page">
      <Section title={`Accounts (${accounts.value?.total ?? '…'})`}>
        <ErrorText error={accounts.error} />
        <table>
          <thead>
            <tr>
              <th>Account</th>
              <th>Name</th>
              <th>RTC</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {accounts.value?.items.map((a) => (
              <tr
                key={a.accountId}
                class={a.accountId === selected ? 'selected' : ''}
                onClick={() => setSelected(a.accountId)}
              >
                <td>
                  <a href="#/accounts" onClick={() => setSelected(a.accountId)}>
                    {a.accountId}
                  </a>
                </td>
                <td>{a.name}</td>
                <td>{a.rtcEnabled ? 'enabled' : 'off'}</td>
                <td>{a.createdAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void create.run(async () => {
              const made = await admin<Account>('POST', '/accounts', { name, rtcEnabled: true });
              setName('');
              setSelected(made.accountId);
              accounts.reload();
            });
          }}
        >
          <input placeholder="new account name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          <button disabled={create.busy}>Create account</button>
        </form>
        <ErrorText error={create.error} />
      </Section>
      {account && <AccountDetail key={account.accountId} account={account} onChanged={accounts.reload} />}
    </div>
  );
}

function AccountDetail({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const users = useLoad(
    () => admin<{ users: User[] }>('GET', `/accounts/${account.accountId}/users`),
    [account.accountId],
  );
  const [userName, setUserName] = useState('');
  const action = useAction();
  return (
    <>
      <Section
        title={`Account ${account.accountId}: ${account.name}`}
        actions={
          <button
            type="button"
            onClick={() =>
              void action.run(async () => {
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
        <ErrorText error={users.error ?? action.error} />
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
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await admin('POST', `/accounts/${account.accountId}/users`, { userName });
              setUserName('');
              users.reload();
            });
          }}
        >
          <input
            placeholder="new sub-user name"
            value={userName}
            onInput={(e) => setUserName(e.currentTarget.value)}
            required
          />
          <button disabled={action.busy}>Create sub-user</button>
        </form>
      </Section>
      <RateLimits accountId={account.accountId} />
    </>
  );
}
