import type { Awaitable } from '../awaitable.js';

/**
 * The resource packages of accounts, behind one interface (SQLite: `sqlite-resource-package-store.ts`). Throws
 * RecordError (`not-found`) naming the field.
 */
export interface ResourcePackageStore {
  /** Refuses an unknown account. */
  insert(p: NewResourcePackage): Awaitable<ResourcePackage>;
  /** The account's packages, the soonest to expire first. */
  ofAccount(accountId: string): Awaitable<ResourcePackage[]>;
  /** Refuses an unknown id. */
  remove(id: number): Awaitable<void>;
}

export interface NewResourcePackage {
  accountId: string;
  /** The package's configuration code (its product code in the console). */
  configurationCode: string;
  zhName: string;
  packageType: number;
  price: number;
  /** How many minutes the package holds. */
  minutes: number;
  effectiveTimeType: number;
  /** Days from `startsAt` to expiry. */
  validityDays: number;
  /** The validity periods (days) the package is offered with. */
  validityOptions: number[];
  /** Unix ms. */
  startsAt: number;
  createdAt: number;
}

export interface ResourcePackage extends NewResourcePackage {
  id: number;
  /** Unix ms: startsAt + validityDays. */
  expiresAt: number;
}
