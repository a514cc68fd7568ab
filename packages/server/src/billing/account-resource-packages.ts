import type { AppService } from '../apps/app-service.js';
import type { Database } from '../store/database.js';
import { SessionSpans } from '../usage/session-spans.js';
import { UsageQueries } from '../usage/usage-queries.js';
import type { UsageStore } from '../usage/usage-store.js';
import { ResourcePackages } from './resource-packages.js';
import { SqliteResourcePackageStore } from './sqlite-resource-package-store.js';

/** The most apps of one account whose usage counts (the catalog's limit per account is 100). */
const MAX_APPS = 1000;

/** ResourcePackages on the server's SQLite database, charging the usage of the account's apps. */
export function resourcePackagesOn(
  db: Database,
  usage: UsageStore,
  apps: AppService,
  now: () => number,
): ResourcePackages {
  return new ResourcePackages(
    new SqliteResourcePackageStore(db),
    new UsageQueries(usage, now, new SessionSpans(usage, now)),
    async (accountId) => (await apps.listApps(accountId, { offset: 0, limit: MAX_APPS })).items.map((a) => a.appId),
    now,
  );
}
