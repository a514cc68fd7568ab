import { timingSafeEqual } from 'node:crypto';
import { whenReady, type Awaitable } from '../awaitable.js';
import type { Database } from '../store/database.js';
import { RecordError } from '../store/record-error.js';
import { APP_ID_PATTERN } from '../apps/app-credentials.js';
import { ApiError } from '../errors/api-error.js';
import type { IdentityGate, OwnedApp, Principal, ResolvedAccessKey } from './principal.js';
import type { SecretCipher } from './secret-cipher.js';
import {
  ACCESS_KEY_ID_PATTERN,
  ACCOUNT_ID_PATTERN,
  generateAccessKeyId,
  generateAccountId,
  generateSecretAccessKey,
  generateUserId,
  SECRET_ACCESS_KEY_PATTERN,
} from './credential-format.js';
import { TtlCache } from '../store/ttl-cache.js';
import {
  checkGivenTemporaryKey,
  generateSessionToken,
  generateTemporaryAccessKeyId,
  hashSessionToken,
  sessionTokenChecker,
  temporaryKeyExpiry,
} from './temporary-credentials.js';
import { POLICY_ACTION_PATTERN, policyCoversAction, policyCoversApp, type Policy } from './policy.js';

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

/** What creating a key returns: the only time the secret is shown. */
export interface CreatedAccessKey extends AccessKey {
  secretAccessKey: string;
}

/** What issuing temporary credentials returns: the only time the secret and the session token are shown. */
export interface CreatedTemporaryAccessKey extends CreatedAccessKey {
  sessionToken: string;
  expiresAt: string;
}

/** Who owns an AppId, as authorization needs it. Implemented by AppService.getAppOwner. */
export interface AppOwnerLookup {
  getAppOwner(appId: string): Awaitable<{ accountId: string } | undefined>;
}

export interface IdentityServiceOptions {
  db: Database;
  cipher: SecretCipher;
  apps: AppOwnerLookup;
  now?: () => Date;
  /**
   * How long hot-path facts stay cached: decrypted secrets, RTC enablement, sub-user policies, app owners. Changes
   * made through this service drop their entry at once; changes made by another process on the same data directory
   * (the admin CLI) reach this one within this time. Default 5 s; 0 disables caching.
   */
  identityCacheMs?: number;
}

interface KeyRow {
  access_key_id: string;
  user_id: string;
  secret_ciphertext: Buffer;
  status: AccessKeyStatus;
  created_at: string;
  /** Temporary keys only. */
  session_token_hash: Buffer | null;
  expires_at: number | null;
  account_id: string;
  user_name: string;
  is_main: number;
}

interface PolicyRow {
  policy_id: number;
  user_id: string;
  action: string;
  app_ids: string | null;
  created_at: string;
}

const MASTER_KEY_CHECK_TEXT = 'rtc-openapi master key check';

/** How long an expired temporary key is kept before `pruneExpiredTemporaryKeys` deletes it. */
const EXPIRED_KEY_GRACE_MS = 86_400_000;

/** An action name or `messaging`, or an action's conditional group (`GetRoomOnlineUsers:Property=true`). */
const RATE_GROUP_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}(?::[A-Za-z][A-Za-z0-9]{0,63}=[A-Za-z0-9]{1,64})?$/;

/**
 * Accounts, users, access keys, policies, RTC enablement and per-account rate-limit overrides; and the IdentityGate
 * the gateway authenticates and authorizes every request with.
 */
export class IdentityService implements IdentityGate {
  readonly #db: Database;
  readonly #cipher: SecretCipher;
  readonly #apps: AppOwnerLookup;
  readonly #now: () => Date;
  /** Resolved keys by id; `null` remembers an unknown or disabled key, so a stream of bad keys is not a stream of reads. */
  readonly #secretCache: TtlCache<ResolvedAccessKey | null>;
  /**
   * Authorization facts, each kind in its own cache keyed by the id itself (no key string built per call): RTC
   * enabled by account id, policies by user id, owning account by AppId.
   */
  readonly #rtcEnabledCache: TtlCache<boolean>;
  readonly #policiesCache: TtlCache<Policy[]>;
  readonly #appOwnerCache: TtlCache<OwnedApp>;
  /** Rate-limit overrides by account id, for the gateway's every call. */
  readonly #overridesCache: TtlCache<Readonly<Record<string, number>>>;
  readonly #statements;

  constructor(options: IdentityServiceOptions) {
    this.#db = options.db;
    this.#cipher = options.cipher;
    this.#apps = options.apps;
    this.#now = options.now ?? (() => new Date());
    const cacheMs = options.identityCacheMs ?? 5_000;
    this.#secretCache = new TtlCache(cacheMs);
    this.#rtcEnabledCache = new TtlCache(cacheMs, 50_000);
    this.#policiesCache = new TtlCache(cacheMs, 50_000);
    this.#appOwnerCache = new TtlCache(cacheMs, 50_000);
    this.#overridesCache = new TtlCache(cacheMs);
    this.#statements = {
      keyWithOwner: this.#db.prepare<[string], KeyRow>(
        `SELECT k.*, u.account_id, u.user_name, u.is_main FROM access_keys k JOIN users u USING (user_id)
         WHERE k.access_key_id = ?`,
      ),
      rtcEnabled: this.#db.prepare<[string], { rtc_enabled: number }>(
        'SELECT rtc_enabled FROM accounts WHERE account_id = ?',
      ),
      policiesOf: this.#db.prepare<[string], PolicyRow>('SELECT * FROM policies WHERE user_id = ? ORDER BY policy_id'),
      overridesOf: this.#db.prepare<[string], { rate_group: string; qps: number }>(
        'SELECT rate_group, qps FROM rate_limit_overrides WHERE account_id = ? ORDER BY rate_group',
      ),
    };
    this.#checkMasterKey();
  }

  // ---- the gateway's side -------------------------------------------------------------------------------------

  /** Synchronous: SQLite answers in-process, and a cached key costs no database read at all. */
  resolveAccessKey(accessKeyId: string): ResolvedAccessKey | undefined {
    const cached = this.#secretCache.get(accessKeyId);
    if (cached !== undefined) return cached ?? undefined;
    const row = this.#statements.keyWithOwner.get(accessKeyId);
    if (!row || row.status !== 'active') {
      this.#secretCache.set(accessKeyId, null);
      return undefined;
    }
    const value: ResolvedAccessKey = {
      secretAccessKey: this.#cipher.decrypt(row.secret_ciphertext, keyAssociatedData(row.access_key_id)),
      principal: {
        accountId: row.account_id,
        userId: row.user_id,
        userName: row.user_name,
        isMainUser: row.is_main === 1,
        accessKeyId: row.access_key_id,
      },
      ...(row.session_token_hash !== null && {
        checkSessionToken: sessionTokenChecker(row.access_key_id, row.session_token_hash, row.expires_at ?? 0),
      }),
    };
    this.#secretCache.set(accessKeyId, value);
    return value;
  }

  /**
   * In order: RTC enabled for the account; for a sub-user, a policy allowing the action (LackPolicy) that also
   * covers the AppId (AccessDenied); the AppId exists (InvalidParameter.NotExistAppId) and belongs to the account
   * (InvalidParameter.AccountIdMismatch).
   */
  authorize(principal: Principal, action: string, appId: string | undefined): Awaitable<OwnedApp | undefined> {
    if (!this.#rtcEnabled(principal.accountId)) {
      throw new ApiError(
        'AccessDenied.ServiceNotEnabled',
        `The RTC service is not enabled for account ${principal.accountId}`,
      );
    }
    if (!principal.isMainUser) {
      const forAction = this.#policiesOf(principal.userId).filter((policy) => policyCoversAction(policy, action));
      if (forAction.length === 0) {
        throw new ApiError('LackPolicy', `User ${principal.userName} has no policy allowing rtc:${action}`);
      }
      if (!forAction.some((policy) => policyCoversApp(policy, appId))) {
        throw new ApiError(
          'AccessDenied',
          appId === undefined
            ? `User ${principal.userName} may call rtc:${action} only for some AppIds, and the request names none`
            : `User ${principal.userName} may not call rtc:${action} for AppId ${appId}`,
        );
      }
    }
    if (appId === undefined) return undefined;
    return whenReady(this.#appOwner(appId), (owner) => {
      if (owner === undefined) throw new ApiError('InvalidParameter.NotExistAppId', `AppId ${appId} does not exist`);
      if (owner.accountId !== principal.accountId) {
        throw new ApiError('InvalidParameter.AccountIdMismatch', 'Check owner failed');
      }
      return owner;
    });
  }

  #rtcEnabled(accountId: string): boolean {
    const cached = this.#rtcEnabledCache.get(accountId);
    if (cached !== undefined) return cached;
    const enabled = this.#statements.rtcEnabled.get(accountId)?.rtc_enabled === 1;
    this.#rtcEnabledCache.set(accountId, enabled);
    return enabled;
  }

  #policiesOf(userId: string): Policy[] {
    const cached = this.#policiesCache.get(userId);
    if (cached !== undefined) return cached;
    const policies = this.#statements.policiesOf.all(userId).map(toPolicy);
    this.#policiesCache.set(userId, policies);
    return policies;
  }

  /** Only found owners are cached: an app created a moment ago must not answer NotExistAppId. */
  #appOwner(appId: string): Awaitable<OwnedApp | undefined> {
    const cached = this.#appOwnerCache.get(appId);
    if (cached !== undefined) return cached;
    return whenReady(this.#apps.getAppOwner(appId), (found) => {
      if (found === undefined) return undefined;
      const owned: OwnedApp = Object.freeze({ appId, accountId: found.accountId });
      this.#appOwnerCache.set(appId, owned);
      return owned;
    });
  }

  /**
   * The gateway's view of an account's overrides: cached like the other facts above (dropped at once by
   * set/removeRateLimitOverride, seen within the cache time when another process writes them).
   */
  rateLimitOverridesFor(accountId: string): Readonly<Record<string, number>> {
    const cached = this.#overridesCache.get(accountId);
    if (cached !== undefined) return cached;
    const overrides = this.getRateLimitOverrides(accountId);
    this.#overridesCache.set(accountId, overrides);
    return overrides;
  }

  /** Per-account QPS by rate group (an action name, or `messaging`); groups without an override are absent. */
  getRateLimitOverrides(accountId: string): Readonly<Record<string, number>> {
    const overrides: Record<string, number> = {};
    for (const row of this.#statements.overridesOf.all(accountId)) overrides[row.rate_group] = row.qps;
    return overrides;
  }

  // ---- accounts -----------------------------------------------------------------------------------------------

  /** Creates an account with its main user (named `root`). */
  async createAccount(input: { name?: string; accountId?: string; rtcEnabled?: boolean } = {}): Promise<Account> {
    const name = (input.name ?? '').trim() || 'account';
    if ([...name].length > 64) throw new RecordError('invalid', 'an account name is at most 64 characters', 'name');
    if (input.accountId !== undefined && !ACCOUNT_ID_PATTERN.test(input.accountId)) {
      throw new RecordError('invalid', 'an AccountId is 6 to 20 digits, not starting with 0', 'accountId');
    }
    const createdAt = this.#now().toISOString();
    const create = this.#db.transaction((): Account => {
      let accountId = input.accountId ?? generateAccountId();
      const taken = this.#db.prepare('SELECT 1 FROM accounts WHERE account_id = ?');
      if (taken.get(accountId)) {
        if (input.accountId !== undefined) {
          throw new RecordError('conflict', `account ${accountId} already exists`, 'accountId');
        }
        while (taken.get(accountId)) accountId = generateAccountId();
      }
      this.#db
        .prepare('INSERT INTO accounts (account_id, name, rtc_enabled, created_at) VALUES (?, ?, ?, ?)')
        .run(accountId, name, input.rtcEnabled ? 1 : 0, createdAt);
      const mainUserId = this.#insertUser(accountId, 'root', true, createdAt);
      return { accountId, name, rtcEnabled: input.rtcEnabled === true, createdAt, mainUserId };
    });
    return create.immediate();
  }

  async getAccount(accountId: string): Promise<Account | undefined> {
    const row = this.#db
      .prepare<[string], AccountRow>(
        `SELECT a.*, u.user_id AS main_user_id FROM accounts a
         JOIN users u ON u.account_id = a.account_id AND u.is_main = 1 WHERE a.account_id = ?`,
      )
      .get(accountId);
    return row && toAccount(row);
  }

  async listAccounts(paging: { offset: number; limit: number }): Promise<{ total: number; items: Account[] }> {
    const { total } = this.#db.prepare<[], { total: number }>('SELECT count(*) AS total FROM accounts').get()!;
    const rows = this.#db
      .prepare<[number, number], AccountRow>(
        `SELECT a.*, u.user_id AS main_user_id FROM accounts a
         JOIN users u ON u.account_id = a.account_id AND u.is_main = 1
         ORDER BY a.created_at, a.rowid LIMIT ? OFFSET ?`,
      )
      .all(paging.limit, paging.offset);
    return { total, items: rows.map(toAccount) };
  }

  /** The seed's "开通 RTC 服务": without it every action answers AccessDenied.ServiceNotEnabled. */
  async setRtcEnabled(accountId: string, enabled: boolean): Promise<Account> {
    const result = this.#db
      .prepare('UPDATE accounts SET rtc_enabled = ? WHERE account_id = ?')
      .run(enabled ? 1 : 0, accountId);
    this.#rtcEnabledCache.delete(accountId);
    if (result.changes === 0) throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
    return (await this.getAccount(accountId))!;
  }

  // ---- users --------------------------------------------------------------------------------------------------

  async createUser(accountId: string, userName: string): Promise<User> {
    const name = userName.trim();
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
      throw new RecordError('invalid', 'a user name is 1 to 64 letters, digits or . _ @ -', 'userName');
    }
    const createdAt = this.#now().toISOString();
    const create = this.#db.transaction((): User => {
      if (!this.#db.prepare('SELECT 1 FROM accounts WHERE account_id = ?').get(accountId)) {
        throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
      }
      if (this.#db.prepare('SELECT 1 FROM users WHERE account_id = ? AND user_name = ?').get(accountId, name)) {
        throw new RecordError('conflict', `user ${name} already exists in account ${accountId}`, 'userName');
      }
      const userId = this.#insertUser(accountId, name, false, createdAt);
      return { userId, accountId, userName: name, isMainUser: false, createdAt };
    });
    return create.immediate();
  }

  async getUser(userId: string): Promise<User | undefined> {
    const row = this.#db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?').get(userId);
    return row && toUser(row);
  }

  /** An account's users, main user first. */
  async listUsers(accountId: string): Promise<User[]> {
    return this.#db
      .prepare<[string], UserRow>('SELECT * FROM users WHERE account_id = ? ORDER BY is_main DESC, created_at, rowid')
      .all(accountId)
      .map(toUser);
  }

  // ---- access keys --------------------------------------------------------------------------------------------

  /**
   * Creates an active key for a user and returns its secret, which is not shown again. `accessKeyId` and
   * `secretAccessKey` may be given (the dev seed does); otherwise they are generated.
   */
  async createAccessKey(
    userId: string,
    input: { accessKeyId?: string; secretAccessKey?: string } = {},
  ): Promise<CreatedAccessKey> {
    if (input.accessKeyId !== undefined && !ACCESS_KEY_ID_PATTERN.test(input.accessKeyId)) {
      throw new RecordError(
        'invalid',
        'an AccessKeyId is AKLT followed by at least 40 letters or digits',
        'accessKeyId',
      );
    }
    checkGivenSecret(input.secretAccessKey);
    return this.#insertAccessKey(userId, input, generateAccessKeyId, this.#now());
  }

  /** One transaction, so a temporary key is never visible without its session token and expiry. */
  #insertAccessKey(
    userId: string,
    input: { accessKeyId?: string; secretAccessKey?: string },
    generateId: () => string,
    now: Date,
    temporary?: { tokenHash: Buffer; expiresAtMs: number },
  ): CreatedAccessKey {
    const createdAt = now.toISOString();
    const create = this.#db.transaction((): CreatedAccessKey => {
      const user = this.#db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?').get(userId);
      if (!user) throw new RecordError('not-found', `user ${userId} does not exist`, 'userId');
      const taken = this.#db.prepare('SELECT 1 FROM access_keys WHERE access_key_id = ?');
      let accessKeyId = input.accessKeyId ?? generateId();
      if (taken.get(accessKeyId)) {
        if (input.accessKeyId !== undefined) {
          throw new RecordError('conflict', `access key ${accessKeyId} already exists`, 'accessKeyId');
        }
        while (taken.get(accessKeyId)) accessKeyId = generateId();
      }
      const secretAccessKey = input.secretAccessKey ?? generateSecretAccessKey();
      this.#db
        .prepare(
          `INSERT INTO access_keys
             (access_key_id, user_id, secret_ciphertext, status, created_at, session_token_hash, expires_at)
           VALUES (?, ?, ?, 'active', ?, ?, ?)`,
        )
        .run(
          accessKeyId,
          userId,
          this.#cipher.encrypt(secretAccessKey, keyAssociatedData(accessKeyId)),
          createdAt,
          temporary?.tokenHash ?? null,
          temporary?.expiresAtMs ?? null,
        );
      return { accessKeyId, userId, accountId: user.account_id, status: 'active', createdAt, secretAccessKey };
    });
    const created = create.immediate();
    // An id asked for before it existed (a fixed dev or test id) is remembered as unknown: forget that.
    this.#secretCache.delete(created.accessKeyId);
    return created;
  }

  /**
   * Issues temporary (STS) credentials for a user: an `AKTP` key, its secret (encrypted at rest like any key's) and
   * a session token (only its hash is stored), accepted until the expiry (`ttlSeconds`, default 1 h, or
   * `expiresAt`). The ids and secrets may be given (tests replaying the official vectors do); otherwise generated.
   */
  async createTemporaryAccessKey(
    userId: string,
    input: {
      ttlSeconds?: number;
      expiresAt?: Date;
      accessKeyId?: string;
      secretAccessKey?: string;
      sessionToken?: string;
    } = {},
  ): Promise<CreatedTemporaryAccessKey> {
    checkGivenTemporaryKey(input);
    checkGivenSecret(input.secretAccessKey);
    const now = this.#now();
    const expiresAt = temporaryKeyExpiry(input, now);
    const sessionToken = input.sessionToken ?? generateSessionToken();
    const created = this.#insertAccessKey(userId, input, generateTemporaryAccessKeyId, now, {
      tokenHash: hashSessionToken(sessionToken),
      expiresAtMs: expiresAt.getTime(),
    });
    return { ...created, expiresAt: expiresAt.toISOString(), sessionToken };
  }

  /** Whether the key exists (active or not) with this secret; compares without revealing the stored one. */
  async hasAccessKeySecret(accessKeyId: string, secretAccessKey: string): Promise<boolean> {
    const row = this.#statements.keyWithOwner.get(accessKeyId);
    if (!row) return false;
    const stored = Buffer.from(this.#cipher.decrypt(row.secret_ciphertext, keyAssociatedData(accessKeyId)));
    const given = Buffer.from(secretAccessKey);
    return stored.length === given.length && timingSafeEqual(stored, given);
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    const row = this.#statements.keyWithOwner.get(accessKeyId);
    return row && toAccessKey(row);
  }

  /** A user's keys (or an account's, with `{ accountId }`), without secrets. */
  async listAccessKeys(owner: { userId: string } | { accountId: string }): Promise<AccessKey[]> {
    const byUser = 'userId' in owner;
    return this.#db
      .prepare<[string], KeyRow>(
        `SELECT k.*, u.account_id, u.user_name, u.is_main FROM access_keys k JOIN users u USING (user_id)
         WHERE ${byUser ? 'k.user_id' : 'u.account_id'} = ? ORDER BY k.created_at, k.rowid`,
      )
      .all(byUser ? owner.userId : owner.accountId)
      .map(toAccessKey);
  }

  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<AccessKey> {
    const result = this.#db
      .prepare('UPDATE access_keys SET status = ? WHERE access_key_id = ?')
      .run(status, accessKeyId);
    this.#secretCache.delete(accessKeyId);
    if (result.changes === 0) {
      throw new RecordError('not-found', `access key ${accessKeyId} does not exist`, 'accessKeyId');
    }
    return (await this.getAccessKey(accessKeyId))!;
  }

  /**
   * Deletes the temporary (STS) keys whose expiry is more than `graceMs` (default one day) before now. They can no
   * longer sign anything; the day keeps a just-expired key visible to `key list`. Returns how many were deleted.
   */
  async pruneExpiredTemporaryKeys(graceMs = EXPIRED_KEY_GRACE_MS): Promise<number> {
    const cutoff = this.#now().getTime() - graceMs;
    const rows = this.#db
      .prepare<[number], { access_key_id: string }>(
        'DELETE FROM access_keys WHERE expires_at IS NOT NULL AND expires_at < ? RETURNING access_key_id',
      )
      .all(cutoff);
    for (const row of rows) this.#secretCache.delete(row.access_key_id);
    return rows.length;
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    const result = this.#db.prepare('DELETE FROM access_keys WHERE access_key_id = ?').run(accessKeyId);
    this.#secretCache.delete(accessKeyId);
    if (result.changes === 0) {
      throw new RecordError('not-found', `access key ${accessKeyId} does not exist`, 'accessKeyId');
    }
  }

  // ---- policies -----------------------------------------------------------------------------------------------

  /** Allows a sub-user an action (`*`, `rtc:*`, `rtc:ListApps`), optionally only for some AppIds. */
  async attachPolicy(userId: string, input: { action: string; appIds?: readonly string[] }): Promise<Policy> {
    const action = input.action.trim();
    if (!POLICY_ACTION_PATTERN.test(action)) {
      throw new RecordError('invalid', 'a policy action is *, rtc:* or rtc:<Action>', 'action');
    }
    if (input.appIds !== undefined) {
      if (input.appIds.length === 0) {
        throw new RecordError('invalid', 'appIds, when given, lists at least one AppId', 'appIds');
      }
      const bad = input.appIds.find((id) => typeof id !== 'string' || !APP_ID_PATTERN.test(id));
      if (bad !== undefined)
        throw new RecordError('invalid', `appIds holds a malformed AppId: ${String(bad)}`, 'appIds');
    }
    const user = await this.getUser(userId);
    if (!user) throw new RecordError('not-found', `user ${userId} does not exist`, 'userId');
    if (user.isMainUser) {
      throw new RecordError('invalid', 'the main user may call every action; policies apply to sub-users', 'userId');
    }
    const createdAt = this.#now().toISOString();
    const appIds = input.appIds === undefined ? undefined : [...new Set(input.appIds)];
    const result = this.#db
      .prepare('INSERT INTO policies (user_id, action, app_ids, created_at) VALUES (?, ?, ?, ?)')
      .run(userId, action, appIds === undefined ? null : JSON.stringify(appIds), createdAt);
    this.#policiesCache.delete(userId);
    return {
      policyId: String(result.lastInsertRowid),
      userId,
      action,
      ...(appIds === undefined ? {} : { appIds }),
      createdAt,
    };
  }

  async detachPolicy(policyId: string): Promise<void> {
    const result = /^[0-9]{1,15}$/.test(policyId)
      ? this.#db
          .prepare<[number], { user_id: string }>('DELETE FROM policies WHERE policy_id = ? RETURNING user_id')
          .get(Number(policyId))
      : undefined;
    if (result === undefined) {
      throw new RecordError('not-found', `policy ${policyId} does not exist`, 'policyId');
    }
    this.#policiesCache.delete(result.user_id);
  }

  async listPolicies(userId: string): Promise<Policy[]> {
    return this.#statements.policiesOf.all(userId).map(toPolicy);
  }

  // ---- rate-limit overrides -----------------------------------------------------------------------------------

  async setRateLimitOverride(accountId: string, rateGroup: string, qps: number): Promise<void> {
    if (!RATE_GROUP_PATTERN.test(rateGroup)) {
      throw new RecordError(
        'invalid',
        'a rate group is an action name, messaging, or a conditional group such as GetRoomOnlineUsers:Property=true',
        'rateGroup',
      );
    }
    if (!Number.isFinite(qps) || qps <= 0 || qps > 1_000_000) {
      throw new RecordError('invalid', 'qps must be a number above 0 and at most 1000000', 'qps');
    }
    if (!this.#db.prepare('SELECT 1 FROM accounts WHERE account_id = ?').get(accountId)) {
      throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
    }
    this.#db
      .prepare(
        `INSERT INTO rate_limit_overrides (account_id, rate_group, qps) VALUES (?, ?, ?)
         ON CONFLICT (account_id, rate_group) DO UPDATE SET qps = excluded.qps`,
      )
      .run(accountId, rateGroup, qps);
    this.#overridesCache.delete(accountId);
  }

  async removeRateLimitOverride(accountId: string, rateGroup: string): Promise<void> {
    const result = this.#db
      .prepare('DELETE FROM rate_limit_overrides WHERE account_id = ? AND rate_group = ?')
      .run(accountId, rateGroup);
    if (result.changes === 0) {
      throw new RecordError('not-found', `account ${accountId} has no override for ${rateGroup}`, 'rateGroup');
    }
    this.#overridesCache.delete(accountId);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  #insertUser(accountId: string, userName: string, isMain: boolean, createdAt: string): string {
    const taken = this.#db.prepare('SELECT 1 FROM users WHERE user_id = ?');
    let userId = generateUserId();
    while (taken.get(userId)) userId = generateUserId();
    this.#db
      .prepare('INSERT INTO users (user_id, account_id, user_name, is_main, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(userId, accountId, userName, isMain ? 1 : 0, createdAt);
    return userId;
  }

  /**
   * Refuses to run with a master key other than the one the data directory was written with: every secret would
   * fail to decrypt, one request at a time. The first start records a check value.
   */
  #checkMasterKey(): void {
    const row = this.#db
      .prepare<[], { ciphertext: Buffer }>('SELECT ciphertext FROM master_key_check WHERE id = 1')
      .get();
    if (!row) {
      this.#db
        .prepare('INSERT OR IGNORE INTO master_key_check (id, ciphertext) VALUES (1, ?)')
        .run(this.#cipher.encrypt(MASTER_KEY_CHECK_TEXT, 'master-key-check'));
      return;
    }
    let text: string | undefined;
    try {
      text = this.#cipher.decrypt(row.ciphertext, 'master-key-check');
    } catch {
      text = undefined;
    }
    if (text !== MASTER_KEY_CHECK_TEXT) {
      throw new Error(
        'the master key does not match the one this data directory was created with (check RTC_MASTER_KEY and master.key)',
      );
    }
  }
}

interface AccountRow {
  account_id: string;
  name: string;
  rtc_enabled: number;
  created_at: string;
  main_user_id: string;
}

interface UserRow {
  user_id: string;
  account_id: string;
  user_name: string;
  is_main: number;
  created_at: string;
}

function checkGivenSecret(secretAccessKey: string | undefined): void {
  if (secretAccessKey !== undefined && !SECRET_ACCESS_KEY_PATTERN.test(secretAccessKey)) {
    throw new RecordError('invalid', 'a secret access key is 16 to 128 printable ASCII characters', 'secretAccessKey');
  }
}

function keyAssociatedData(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}

function toAccount(row: AccountRow): Account {
  return {
    accountId: row.account_id,
    name: row.name,
    rtcEnabled: row.rtc_enabled === 1,
    createdAt: row.created_at,
    mainUserId: row.main_user_id,
  };
}

function toUser(row: UserRow): User {
  return {
    userId: row.user_id,
    accountId: row.account_id,
    userName: row.user_name,
    isMainUser: row.is_main === 1,
    createdAt: row.created_at,
  };
}

function toAccessKey(row: KeyRow): AccessKey {
  return {
    accessKeyId: row.access_key_id,
    userId: row.user_id,
    accountId: row.account_id,
    status: row.status,
    createdAt: row.created_at,
    ...(row.expires_at !== null && { expiresAt: new Date(row.expires_at).toISOString() }),
  };
}

function toPolicy(row: PolicyRow): Policy {
  return {
    policyId: String(row.policy_id),
    userId: row.user_id,
    action: row.action,
    ...(row.app_ids === null ? {} : { appIds: JSON.parse(row.app_ids) as string[] }),
    createdAt: row.created_at,
  };
}
