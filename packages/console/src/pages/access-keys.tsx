import { useState } from 'preact/hooks';
import { admin, type AccessKey } from '../api.js';
import { ErrorText, OnceSecret, useAction } from '../parts/feedback.js';
import { useLoad } from '../parts/use-load.js';

/** A user's access keys: create (the secret shown once), disable or enable, delete. */
export function AccessKeys({ owner }: { owner: { userId: string } }) {
  const keys = useLoad(() => admin<{ accessKeys: AccessKey[] }>('GET', `/users/${owner.userId}/keys`), [owner.userId]);
  const [secret, setSecret] = useState<{ id: string; secret: string } | undefined>(undefined);
  const action = useAction();
  const act = (work: () => Promise<unknown>) =>
    void action.run(async () => {
      await work();
      keys.reload();
    });
  return (
    <div class="keys">
      <ErrorText error={keys.error ?? action.error} />
      <table>
        <tbody>
          {keys.value?.accessKeys.map((k) => (
            <tr key={k.accessKeyId}>
              <td>
                <code>{k.accessKeyId}</code>
              </td>
              <td class={k.status}>{k.status}</td>
              <td>{k.expiresAt ? `temporary, until ${k.expiresAt}` : 'long-term'}</td>
              <td class="buttons">
                <button
                  type="button"
                  onClick={() =>
                    act(() =>
                      admin('PUT', `/keys/${k.accessKeyId}/status`, {
                        status: k.status === 'active' ? 'disabled' : 'active',
                      }),
                    )
                  }
                >
                  {k.status === 'active' ? 'Disable' : 'Enable'}
                </button>
                <button
                  type="button"
                  class="danger"
                  onClick={() =>
                    confirm(`Delete ${k.accessKeyId}?`) && act(() => admin('DELETE', `/keys/${k.accessKeyId}`))
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {secret && (
        <OnceSecret
          label={`Secret access key of ${secret.id}`}
          value={secret.secret}
          onDone={() => setSecret(undefined)}
        />
      )}
      <button
        type="button"
        disabled={action.busy}
        onClick={() =>
          act(async () => {
            const made = await admin<{ accessKeyId: string; secretAccessKey: string }>(
              'POST',
              `/users/${owner.userId}/keys`,
            );
            setSecret({ id: made.accessKeyId, secret: made.secretAccessKey });
          })
        }
      >
        Create access key
      </button>
    </div>
  );
}
