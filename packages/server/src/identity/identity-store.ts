import type { Awaitable } from '../awaitable.js';
import type { Policy } from './policy.js';

/**
 * What identity keeps, behind one interface so that another store (PostgreSQL) can stand in for SQLite
 * (`sqlite-identity-store.ts`) without touching a service or a handler. Every method may answer with a promise.
 * The store checks what only it can check atomically (existence, uniqueness) and throws RecordError (`not-found`,
 * `conflict`) naming the field; the services check the shape of their input first and own the caches.
 */
export interface IdentityStore {
  // accounts
  /** Inserts an account and its main user (`root`) at once; `accountId` given is refused when taken, else drawn. */
  insertAccount(account: NewAccount): Awaitable<Account>;
  findAccount(accountId: string): Awaitable<Account | undefined>;
  /** Oldest first. */
  listAccounts(paging: Paging): Awaitable<{ total: number; items: Account[] }>;
  /** False when the account does not exist. */
  setRtcEnabled(accountId: string, enabled: boolean): Awaitable<boolean>;
  /** False for an unknown account too. */
  isRtcEnabled(accountId: string): Awaitable<boolean>;

  // users
  /** Refuses an unknown account and a name the account already has. */
  insertUser(user: NewUser): Awaitable<User>;
  findUser(userId: string): Awaitable<User | undefined>;
  /** Main user first, then by creation. */
  listUsers(accountId: string): Awaitable<User[]>;

  // access keys
  /** Refuses an unknown user and an `accessKeyId` given that is taken; a drawn one is drawn again. */
  insertAccessKey(key: NewAccessKey): Awaitable<{ accessKeyId: string; accountId: string }>;
  /** The key with its sealed secret and its owner, active or not. */
  findAccessKey(accessKeyId: string): Awaitable<StoredAccessKey | undefined>;
  /** Oldest first. */
  listAccessKeys(owner: { userId: string } | { accountId: string }): Awaitable<AccessKey[]>;
  /** False when the key does not exist. */
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Awaitable<boolean>;
  /** False when the key does not exist. */
  deleteAccessKey(accessKeyId: string): Awaitable<boolean>;
  /** Deletes the temporary keys that expired before `cutoffMs`; returns their ids. */
  deleteTemporaryKeysExpiredBefore(cutoffMs: number): Awaitable<string[]>;

  // policies
  insertPolicy(policy: Omit<Policy, 'policyId'>): Awaitable<Policy>;
  /** The deleted policy's user, or undefined when there was no such policy. */
  deletePolicy(policyId: number): Awaitable<{ userId: string } | undefined>;
  /** Oldest first. */
  policiesOf(userId: string): Awaitable<Policy[]>;

  // rate-limit overrides
  /** QPS by rate group. */
  rateLimitOverridesOf(accountId: string): Awaitable<Record<string, number>>;
  /** Inserts or replaces; refuses an unknown account. */
  putRateLimitOverride(accountId: string, rateGroup: string, qps: number): Awaitable<void>;
  /** False when the account had no override for the group. */
  deleteRateLimitOverride(accountId: string, rateGroup: string): Awaitable<boolean>;
}

export interface Paging {
  offset: number;
  limit: number;
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

export type AccessKeyStatus = 'active' | 'disabled';

/** An access key as listed: never with its secret. */
export interface AccessKey {
  accessKeyId: string;
  userId: string;
  accountId: string;
  status: AccessKeyStatus;
  createdAt: string;
  /** Temporary (STS) keys only: when their session token stops being accepted (ISO 8601). */
  expiresAt?: string;
}

/** A key as the store holds it: the secret sealed (`secret-cipher.ts`), the owner's name and role joined in. */
export interface StoredAccessKey extends AccessKey {
  secretCiphertext: Buffer;
  userName: string;
  isMainUser: boolean;
  /** Temporary keys only: the hash of their session token and their expiry (ms since 1970). */
  temporary?: { tokenHash: Buffer; expiresAtMs: number };
}

export interface NewAccount {
  /** Given (the dev seed, tests); otherwise `drawAccountId` is called until it draws a free one. */
  accountId?: string;
  drawAccountId: () => string;
  drawUserId: () => string;
  name: string;
  rtcEnabled: boolean;
  createdAt: string;
}

export interface NewUser {
  accountId: string;
  userName: string;
  drawUserId: () => string;
  createdAt: string;
}

export interface NewAccessKey {
  userId: string;
  /** Given (the dev seed, tests); otherwise `drawAccessKeyId` is called until it draws a free one. */
  accessKeyId?: string;
  drawAccessKeyId: () => string;
  /** The secret sealed for the key's id (the id is its associated data). */
  sealSecret: (accessKeyId: string) => Buffer;
  createdAt: string;
  temporary?: { tokenHash: Buffer; expiresAtMs: number };
}
