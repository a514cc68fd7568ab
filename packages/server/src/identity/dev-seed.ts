import { APP_ID_PATTERN, APP_KEY_PATTERN } from '../apps/app-credentials.js';
import type { AppService } from '../apps/app-service.js';
import { ACCESS_KEY_ID_PATTERN, SECRET_ACCESS_KEY_PATTERN } from './credential-format.js';
import type { IdentityService } from './identity-service.js';

/**
 * The documented defaults of `serve --dev`. Fixed values, so a README command or a test works against any fresh
 * dev server; never use them for anything reachable from outside.
 */
export const DEV_DEFAULTS = {
  accountId: '2100000001',
  accountName: 'dev',
  /** `AKLT` + "DEV" + 37 zeros. */
  accessKeyId: 'AKLTDEV0000000000000000000000000000000000000',
  secretAccessKey: 'rtc-openapi-dev-secret-access-key-not-for-production',
  appName: 'dev-app',
  /** hex of "dev-app-0001". */
  appId: '6465762d6170702d30303031',
  /** hex of "dev-app-key-0001". */
  appKey: '6465762d6170702d6b65792d30303031',
} as const;

export interface DevSeed {
  accountId: string;
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
  appId: string;
  appKey: string;
  /** False when the data directory held the dev account already. */
  created: boolean;
}

/**
 * Seeds, once, a dev account with RTC enabled, its main user's access key and one app. `RTC_DEV_ACCESS_KEY_ID`,
 * `RTC_DEV_SECRET_ACCESS_KEY`, `RTC_DEV_APP_ID` and `RTC_DEV_APP_KEY` replace the defaults. Running it again on the
 * same data directory changes nothing and returns the same values; it fails, saying why, when the directory holds
 * that key or app with another secret or owner (seeded earlier with other variables).
 */
export async function seedDevAccount(
  services: { identity: IdentityService; apps: AppService },
  env: NodeJS.ProcessEnv = process.env,
): Promise<DevSeed> {
  const { identity, apps } = services;
  const wanted = {
    accessKeyId: nonEmpty(env.RTC_DEV_ACCESS_KEY_ID) ?? DEV_DEFAULTS.accessKeyId,
    secretAccessKey: nonEmpty(env.RTC_DEV_SECRET_ACCESS_KEY) ?? DEV_DEFAULTS.secretAccessKey,
    appId: nonEmpty(env.RTC_DEV_APP_ID) ?? DEV_DEFAULTS.appId,
    appKey: nonEmpty(env.RTC_DEV_APP_KEY) ?? DEV_DEFAULTS.appKey,
  };
  // Check everything before writing anything, so a bad variable leaves no half-made dev account behind.
  const checks: [boolean, string][] = [
    [
      ACCESS_KEY_ID_PATTERN.test(wanted.accessKeyId),
      'RTC_DEV_ACCESS_KEY_ID must be AKLT followed by at least 40 letters or digits',
    ],
    [
      SECRET_ACCESS_KEY_PATTERN.test(wanted.secretAccessKey),
      'RTC_DEV_SECRET_ACCESS_KEY must be 16 to 128 printable ASCII characters',
    ],
    [APP_ID_PATTERN.test(wanted.appId), 'RTC_DEV_APP_ID: an AppId must be 24 lowercase hex characters'],
    [APP_KEY_PATTERN.test(wanted.appKey), 'RTC_DEV_APP_KEY: an AppKey must be 32 lowercase hex characters'],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed) throw new Error(failed[1]);
  let created = false;

  const existingKey = await identity.getAccessKey(wanted.accessKeyId);
  const accountId = existingKey?.accountId ?? DEV_DEFAULTS.accountId;
  let account = await identity.getAccount(accountId);
  if (!account) {
    account = await identity.createAccount({ accountId, name: DEV_DEFAULTS.accountName, rtcEnabled: true });
    created = true;
  }

  if (!existingKey) {
    await identity.createAccessKey(account.mainUserId, wanted);
    created = true;
  } else if (!(await identity.hasAccessKeySecret(wanted.accessKeyId, wanted.secretAccessKey))) {
    throw new Error(
      `the data directory holds dev access key ${wanted.accessKeyId} with another secret ` +
        '(was RTC_DEV_SECRET_ACCESS_KEY different when it was seeded?)',
    );
  }

  const app = await apps.getApp(wanted.appId);
  if (!app) {
    await apps.createApp(account.accountId, { name: DEV_DEFAULTS.appName, appId: wanted.appId, appKey: wanted.appKey });
    created = true;
  } else if (app.accountId !== account.accountId) {
    throw new Error(`AppId ${wanted.appId} belongs to account ${app.accountId}, not to the dev account`);
  } else if (app.appKey !== wanted.appKey) {
    throw new Error(
      `the data directory holds dev app ${wanted.appId} with another AppKey (was RTC_DEV_APP_KEY different when it was seeded?)`,
    );
  }

  return {
    accountId: account.accountId,
    userId: existingKey?.userId ?? account.mainUserId,
    ...wanted,
    created,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
