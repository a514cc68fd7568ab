import { useState } from 'preact/hooks';
import { admin, type AccessKey } from '../api.js';
import { DataTable } from '../parts/data-table.js';
import { ErrorText, OnceSecret } from '../parts/feedback.js';
import { useResource } from '../parts/use-resource.js';

/** A user's access keys: create (the secret shown once), disable or enable, delete. */
export function AccessKeys({ owner }: { owner: { userId: string } }) {
  const keys = useResource(
    () => admin<{ accessKeys: AccessKey[] }>('GET', `/users/${owner.userId}/keys`),
    [owner.userId],
  );
  const [secret, setSecret] = useState<{ id: string; secret: string } | undefined>(undefined);
  return (
    <div class="keys">
      <ErrorText error={keys.error} />
      <DataTable
        bare
        rows={keys.value?.accessKeys}
        rowKey={(k) => k.accessKeyId}
        columns={[
          { title: 'AccessKeyId', cell: (k) => <code>{k.accessKeyId}</code> },
          { title: 'Status', cell: (k) => k.status, class: (k) => k.status },
          { title: 'Kind', cell: (k) => (k.expiresAt ? `temporary, until ${k.expiresAt}` : 'long-term') },
          {
            title: '',
            class: () => 'buttons',
            cell: (k) => (
              <>
                <button
                  type="button"
                  onClick={() =>
                    void keys.change(() =>
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
                    confirm(`Delete ${k.accessKeyId}?`) &&
                    void keys.change(() => admin('DELETE', `/keys/${k.accessKeyId}`))
                  }
                >
                  Delete
                </button>
              </>
            ),
          },
        ]}
      />
      {secret && (
        <OnceSecret
          label={`Secret access key of ${secret.id}`}
          value={secret.secret}
          onDone={() => setSecret(undefined)}
        />
      )}
      <button
        type="button"
        disabled={keys.busy}
        onClick={() =>
          void keys.change(async () => {
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
