import type { Awaitable } from '../awaitable.js';
import { DAY_MS } from '../usage/query-window.js';
import type { UsageQueries } from '../usage/usage-queries.js';
import type { NewResourcePackage, ResourcePackage, ResourcePackageStore } from './resource-package-store.js';

/** A package with what has been used of it, as of a time. */
export interface PackageBalance extends ResourcePackage {
  usedMinutes: number;
  remainingMinutes: number;
  /** `pending` before its start, `expired` after its end, `exhausted` when used up, else `active`. */
  state: 'pending' | 'active' | 'exhausted' | 'expired';
}

/**
 * An account's resource packages and their balances. Usage is the ListUsages figure of every app of the account
 * (Audio + VideoSDM + VideoSD + VideoHD minutes, per UTC day); each day's minutes are charged to the packages
 * valid that day, the soonest to expire first, each up to what it has left. Minutes outside every package's
 * validity are charged to none (pay as you go).
 */
export class ResourcePackages {
  constructor(
    private readonly store: ResourcePackageStore,
    private readonly usage: UsageQueries,
    private readonly appsOf: (accountId: string) => Awaitable<readonly string[]>,
    private readonly now: () => number,
  ) {}

  async balances(accountId: string): Promise<PackageBalance[]> {
    const packages = await this.store.ofAccount(accountId);
    const now = this.now();
    const used = new Map<number, number>(packages.map((p) => [p.id, 0]));
    const started = packages.filter((p) => p.startsAt <= now);
    if (started.length > 0) {
      const from = Math.min(...started.map((p) => p.startsAt));
      const days = await this.#minutesPerDay(accountId, { start: from, end: now });
      for (const [day, minutes] of days) {
        let left = minutes;
        for (const p of started) {
          if (left === 0) break;
          if (p.startsAt >= day + DAY_MS || p.expiresAt <= day) continue;
          const take = Math.min(left, p.minutes - used.get(p.id)!);
          used.set(p.id, used.get(p.id)! + take);
          left -= take;
        }
      }
    }
    return packages.map((p) => {
      const usedMinutes = used.get(p.id)!;
      const remainingMinutes = p.minutes - usedMinutes;
      const state =
        p.startsAt > now ? 'pending' : p.expiresAt <= now ? 'expired' : remainingMinutes <= 0 ? 'exhausted' : 'active';
      return { ...p, usedMinutes, remainingMinutes, state };
    });
  }

  /** GetResourcePackNum: the packages the account can draw on now. */
  async activeCount(accountId: string): Promise<number> {
    return (await this.balances(accountId)).filter((b) => b.state === 'active').length;
  }

  list(accountId: string): Awaitable<ResourcePackage[]> {
    return this.store.ofAccount(accountId);
  }

  add(p: NewResourcePackage): Awaitable<ResourcePackage> {
    return this.store.insert(p);
  }

  remove(id: number): Awaitable<void> {
    return this.store.remove(id);
  }

  async #minutesPerDay(accountId: string, w: { start: number; end: number }): Promise<Map<number, number>> {
    const days = new Map<number, number>();
    for (const appId of await this.appsOf(accountId)) {
      for (const u of this.usage.usages(appId, w).Usages) {
        const day = Date.parse(u.TimeStamp);
        days.set(day, (days.get(day) ?? 0) + u.Audio + u.VideoSDM + u.VideoSD + u.VideoHD);
      }
    }
    return new Map([...days].sort(([a], [b]) => a - b));
  }
}
