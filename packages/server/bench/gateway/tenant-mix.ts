// The gateway bench's load: many tenants, each with its own account, access key and app, seeded through the admin
// HTTP API (the same at every revision the bench compares), and the signed requests of several actions interleaved
// across the accounts. The users connected to each app's room are in room-members.ts.
import { signRequest } from '@rtc-openapi/signer';

/** Every request is signed once with this X-Date; the servers' clocks stand at that moment. */
export const SIGNED_AT = Date.parse('2024-05-20T08:30:00Z');
export const ADMIN_TOKEN = 'rtc-bench-admin-token-0123456789abcdef0123456789abcdef';
export const ROOM_ID = 'bench-room';
/** Users connected to each app's room (SendBroadcast reaches them; GetRoomOnlineUsers lists them). */
export const MEMBERS_PER_ROOM = 2;

export interface Tenant {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  appId: string;
  appKey: string;
}

/** One signed request of the mix, as autocannon and fetch send it. */
export interface MixRequest {
  action: string;
  /** Index of the action in MIX_ACTIONS (the stage table's column). */
  actionIndex: number;
  tenant: number;
  method: 'GET' | 'POST';
  /** `/?` and the signed query. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

interface MixAction {
  action: string;
  version: string;
  method: 'GET' | 'POST';
  /** What the handler reads (printed with the results). */
  note: string;
  params(tenant: Tenant): Record<string, unknown>;
}

/** The actions interleaved, each as a tenant would call it: GET ones with their params in the query, POST in a body. */
export const MIX_ACTIONS: readonly MixAction[] = [
  { action: 'ListApps', version: '2023-11-01', method: 'POST', note: "account's app list", params: () => ({}) },
  {
    action: 'GetRoomOnlineUsers',
    version: '2023-11-01',
    method: 'GET',
    note: 'room state in memory',
    params: (t) => ({ AppId: t.appId, RoomId: ROOM_ID }),
  },
  {
    action: 'DescribeAppKeys',
    version: '2020-12-01',
    method: 'POST',
    note: "the app's keys",
    params: (t) => ({ AppId: t.appId }),
  },
  {
    action: 'ListRoomInfo',
    version: '2023-11-01',
    method: 'GET',
    note: 'session records, SQLite',
    params: (t) => ({ AppId: t.appId, StartTime: rfc3339(SIGNED_AT - 3_600_000), EndTime: rfc3339(SIGNED_AT) }),
  },
  {
    action: 'SendBroadcast',
    version: '2023-07-20',
    method: 'POST',
    note: `to ${MEMBERS_PER_ROOM} connected users`,
    params: (t) => ({ AppId: t.appId, RoomId: ROOM_ID, From: 'bench-server', Message: 'hello room', Binary: false }),
  },
  {
    action: 'GetCallback',
    version: '2020-12-01',
    method: 'GET',
    note: "the app's subscriptions",
    params: (t) => ({ AppId: t.appId }),
  },
];

/**
 * Creates `count` accounts (RTC enabled), each with an access key of its main user and one app, through the admin
 * API of the server at `url` (its admin token `token`).
 */
export async function seedTenants(url: string, count: number, token = ADMIN_TOKEN): Promise<Tenant[]> {
  const admin = async (path: string, body: unknown = {}): Promise<Record<string, string>> => {
    const response = await fetch(`${url}/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== 201) throw new Error(`admin POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, string>;
  };
  const tenants: Tenant[] = [];
  for (let i = 0; i < count; i++) {
    const { accountId } = await admin('/accounts', { name: `bench tenant ${i}`, rtcEnabled: true });
    const key = await admin(`/accounts/${accountId}/keys`);
    const app = await admin(`/accounts/${accountId}/apps`, { name: `bench-app-${i}` });
    tenants.push({
      accountId: accountId!,
      accessKeyId: key.accessKeyId!,
      secretAccessKey: key.secretAccessKey!,
      appId: app.appId!,
      appKey: app.appKey!,
    });
  }
  return tenants;
}

/**
 * Every action for every tenant, signed with the tenant's key, ordered so that neighbours differ in both the tenant
 * and the action: entry k of block b is action k for tenant (b + k) mod tenants.
 */
export function mixRequests(tenants: readonly Tenant[], only?: string): MixRequest[] {
  const requests: MixRequest[] = [];
  for (let block = 0; block < tenants.length; block++) {
    MIX_ACTIONS.forEach((spec, actionIndex) => {
      if (only && spec.action !== only) return;
      const index = (block + actionIndex) % tenants.length;
      const tenant = tenants[index]!;
      const params = spec.params(tenant);
      const query: Record<string, string> = { Action: spec.action, Version: spec.version };
      const body = spec.method === 'POST' ? JSON.stringify(params) : undefined;
      if (spec.method === 'GET') for (const [name, value] of Object.entries(params)) query[name] = String(value);
      const signed = signRequest(
        {
          method: spec.method,
          query,
          ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body }),
        },
        { accessKeyId: tenant.accessKeyId, secretAccessKey: tenant.secretAccessKey },
        { region: 'cn-north-1', service: 'rtc', date: new Date(SIGNED_AT) },
      );
      requests.push({
        action: spec.action,
        actionIndex,
        tenant: index,
        method: spec.method,
        path: `/?${signed.queryString}`,
        headers: signed.headers,
        ...(body !== undefined && { body }),
      });
    });
  }
  return requests;
}

/** Sends each request once and throws unless every one is answered 200: a mix of errors would measure the wrong path. */
export async function checkMix(url: string, requests: readonly MixRequest[]): Promise<void> {
  for (const request of requests) {
    const response = await fetch(url + request.path, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
    });
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`${request.action} (tenant ${request.tenant}) answered ${response.status}: ${text}`);
    }
  }
}
