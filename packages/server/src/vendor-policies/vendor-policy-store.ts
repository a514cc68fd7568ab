import type { Awaitable } from '../awaitable.js';

/**
 * What the multi-vendor policy domain keeps, behind one interface (a PostgreSQL store implements the same); the
 * SQLite one is `sqlite-vendor-policy-store.ts`. The store checks what only it can check atomically (uniqueness,
 * existence, the owning account) and throws RecordError (`conflict`, `not-found`) naming the wire field; the
 * provider checks the input first.
 */
export interface VendorPolicyStore {
  /** Refuses a second split for the same app, business id and room. */
  insertVendorPolicy(p: NewVendorPolicy): Awaitable<VendorPolicy>;
  /** Refuses an id that does not exist or belongs to another account. */
  updateVendorPolicy(accountId: string, id: number, vendorProportion: string, at: number): Awaitable<VendorPolicy>;

  /** Refuses a second policy for the same app, room and failing vendor. */
  insertFailRecovery(p: NewFailRecovery): Awaitable<FailRecoveryPolicy>;
  /** Refuses an id that does not exist or belongs to another account. */
  updateFailRecovery(
    accountId: string,
    id: number,
    recoveryPercentage: number,
    at: number,
  ): Awaitable<FailRecoveryPolicy>;
  /** Refuses an id that does not exist or belongs to another account. */
  deleteFailRecovery(accountId: string, id: number): Awaitable<void>;
  /** An app's policies matching the filters (an empty filter matches any), ordered as asked. */
  listFailRecovery(q: FailRecoveryQuery): Awaitable<FailRecoveryPolicy[]>;
}

export interface NewVendorPolicy {
  accountId: string;
  appId: string;
  businessId: string;
  roomId: string;
  /** Normalised JSON text: vendor -> share. */
  vendorProportion: string;
  at: number;
}

export interface VendorPolicy extends Omit<NewVendorPolicy, 'at' | 'accountId'> {
  id: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewFailRecovery {
  accountId: string;
  appId: string;
  roomId: string;
  fromVendor: string;
  toVendor: string;
  at: number;
}

export interface FailRecoveryPolicy extends Omit<NewFailRecovery, 'at' | 'accountId'> {
  id: number;
  /** 0-100: the share of traffic given back to the failing vendor (0 at creation: everything switched). */
  recoveryPercentage: number;
  createdAt: number;
  updatedAt: number;
}

export type FailRecoveryOrder = 'updateTime' | 'createTime' | 'id';

export interface FailRecoveryQuery {
  appId: string;
  roomId: string;
  fromVendor: string;
  toVendor: string;
  orderBy: FailRecoveryOrder;
}
