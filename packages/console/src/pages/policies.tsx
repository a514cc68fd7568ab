import { useState } from 'preact/hooks';
import { admin } from '../api.js';
import { ErrorText, useAction } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

interface Policy {
  policyId: string;
  action: string;
  appIds?: string[];
}

/** A sub-user's policies: attach (an action, optionally limited to AppIds) and detach. */
export function Policies({ userId }: { userId: string }) {
  const policies = useLoad(() => admin<{ policies: Policy[] }>('GET', `/users/${userId}/policies`), [userId]);
  const [policyAction, setPolicyAction] = useState('rtc:*');
  const [appIds, setAppIds] = useState('');
  const action = useAction();
  return (
    <div class="policies">
      <ErrorText error={policies.error ?? action.error} />
      <ul>
        {policies.value?.policies.map((p) => (
          <li key={p.policyId}>
            <code>{p.action}</code> {p.appIds ? `on ${p.appIds.join(', ')}` : 'on every app'}{' '}
            <button
              type="button"
              class="danger"
              onClick={() =>
                void action.run(async () => {
                  await admin('DELETE', `/policies/${p.policyId}`);
                  policies.reload();
                })
              }
            >
              Detach
            </button>
          </li>
        ))}
      </ul>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const ids = appIds
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '');
            await admin('POST', `/users/${userId}/policies`, {
              action: policyAction,
              ...(ids.length > 0 && { appIds: ids }),
            });
            policies.reload();
          });
        }}
      >
        <input
          value={policyAction}
          onInput={(e) => setPolicyAction(e.currentTarget.value)}
          aria-label="policy action"
          required
        />
        <input
          placeholder="AppIds (comma-separated, optional)"
          value={appIds}
          onInput={(e) => setAppIds(e.currentTarget.value)}
        />
        <button disabled={action.busy}>Attach policy</button>
      </form>
    </div>
  );
}
