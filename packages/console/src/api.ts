/** Calls the console's own API (same origin, the session cookie); a lost session goes back to the login page. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`/console/api${path}`, init);
  if (res.status === 401) {
    location.assign('/console/login');
    throw new Error('signed out');
  }
  if (res.status === 204) return undefined as T;
  const value = (await res.json()) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(value.error?.message ?? `HTTP ${res.status}`);
  return value;
}

/** One of the admin API's operations (docs/admin-api.md), through the console's session. */
export function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  return api<T>(method, `/admin${path}`, body);
}

export interface Account {
  accountId: string;
  name: string;
  rtcEnabled: boolean;
  createdAt: string;
  mainUserId: string;
}

export interface User {
  userId: string;
  accountId: string;
  userName: string;
  isMainUser: boolean;
  createdAt: string;
}

export interface AccessKey {
  accessKeyId: string;
  userId: string;
  accountId: string;
  status: 'active' | 'disabled';
  createdAt: string;
  expiresAt?: string;
}

export interface App {
  appId: string;
  accountId: string;
  name: string;
  status: 'enabled' | 'disabled';
  createdAt: string;
  appKey?: string;
  secondaryAppKey?: string;
}
