import { useMemo, useState } from 'preact/hooks';
import { admin, api, type AccessKey, type Account } from '../api.js';
import { ErrorText, Section, useAction } from '../parts/feedback.js';
import { ObjectFields, type SchemaNode } from '../parts/schema-form.js';
import { useLoad } from '../parts/use-load.js';

interface CatalogEntry {
  action: string;
  version: string;
  area: string;
  method: string;
  params: SchemaNode;
}

interface CallAnswer {
  httpStatus: number;
  envelope: unknown;
  command: string;
}

/**
 * The API explorer: any action and version, a form made from the catalog's params schema, sent as a call signed on
 * the server with the chosen account's access key (its secret never reaches the page); the envelope and the same
 * call as an `rtc-openapi call` command.
 */
export function ExplorerPage() {
  const catalog = useLoad(() => api<CatalogEntry[]>('GET', '/catalog'));
  const accounts = useLoad(() => admin<{ items: Account[] }>('GET', '/accounts?limit=100'));
  const [action, setAction] = useState('ListApps');
  const [version, setVersion] = useState('');
  const [accountId, setAccountId] = useState('');
  const [keyId, setKeyId] = useState('');
  const [params, setParams] = useState<Record<string, unknown>>({});
  const [answer, setAnswer] = useState<CallAnswer | undefined>(undefined);
  const send = useAction();
  const account = accountId || accounts.value?.items[0]?.accountId || '';
  const keys = useLoad(
    () =>
      account === ''
        ? Promise.resolve({ accessKeys: [] as AccessKey[] })
        : admin<{ accessKeys: AccessKey[] }>('GET', `/accounts/${account}/keys`),
    [account],
  );
  const usableKeys = keys.value?.accessKeys.filter((k) => k.status === 'active' && k.expiresAt === undefined) ?? [];
  const key = keyId || usableKeys[0]?.accessKeyId || '';

  const byAction = useMemo(() => {
    const map = new Map<string, CatalogEntry[]>();
    for (const entry of catalog.value ?? []) map.set(entry.action, [...(map.get(entry.action) ?? []), entry]);
    return map;
  }, [catalog.value]);
  const versions = byAction.get(action) ?? [];
  const spec = versions.find((v) => v.version === version) ?? versions[versions.length - 1];
  const areas = useMemo(() => [...new Set((catalog.value ?? []).map((e) => e.area))], [catalog.value]);

  return (
    <div class="page explorer">
      <Section title="API explorer">
        <ErrorText error={catalog.error ?? accounts.error ?? keys.error} />
        <div class="inline">
          <label>
            Action
            <select
              name="action"
              value={action}
              onChange={(e) => {
                setAction(e.currentTarget.value);
                setVersion('');
                setParams({});
                setAnswer(undefined);
              }}
            >
              {areas.map((area) => (
                <optgroup key={area} label={area}>
                  {[...byAction.entries()]
                    .filter(([, entries]) => entries[0]!.area === area)
                    .map(([name]) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label>
            Version
            <select name="version" value={spec?.version ?? ''} onChange={(e) => setVersion(e.currentTarget.value)}>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <label>
            Account
            <select
              name="account"
              value={account}
              onChange={(e) => (setAccountId(e.currentTarget.value), setKeyId(''))}
            >
              {accounts.value?.items.map((a) => (
                <option key={a.accountId} value={a.accountId}>
                  {a.name} ({a.accountId})
                </option>
              ))}
            </select>
          </label>
          <label>
            Access key
            <select name="key" value={key} onChange={(e) => setKeyId(e.currentTarget.value)}>
              {usableKeys.map((k) => (
                <option key={k.accessKeyId} value={k.accessKeyId}>
                  {k.accessKeyId}
                </option>
              ))}
            </select>
          </label>
        </div>
        {spec && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void send.run(async () => {
                setAnswer(undefined);
                setAnswer(
                  await api<CallAnswer>('POST', '/call', {
                    accessKeyId: key,
                    action: spec.action,
                    version: spec.version,
                    params,
                  }),
                );
              });
            }}
          >
            <p class="muted">
              {spec.method} · area {spec.area} · fields marked * are required
            </p>
            <ObjectFields
              path=""
              schema={spec.params}
              value={params}
              onChange={(v) => setParams((v ?? {}) as Record<string, unknown>)}
            />
            <button class="primary" disabled={send.busy || key === ''}>
              Send signed call
            </button>
          </form>
        )}
        <ErrorText error={send.error} />
      </Section>
      {answer && (
        <Section title={`Answer: HTTP ${answer.httpStatus}`}>
          <pre data-testid="envelope">{JSON.stringify(answer.envelope, null, 2)}</pre>
          <h3>The same call from a shell</h3>
          <p class="muted">With the key's secret in VOLC_SECRETKEY.</p>
          <pre data-testid="cli-command">{answer.command}</pre>
        </Section>
      )}
    </div>
  );
}
