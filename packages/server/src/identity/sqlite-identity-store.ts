import type { Database } from '../store/database.js';
import { RecordError } from '../store/record-error.js';
import type {
  AccessKey,
  AccessKeyStatus,
  Account,
  IdentityStore,
  NewAccessKey,
  NewAccount,
  NewUser,
  Paging,
  StoredAccessKey,
  User,
} from './identity-store.js';
import type { MasterKeyCheckRecord } from './master-key-check.js';
import type { Policy } from './policy.js';

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

const ACCOUNT_WITH_MAIN_USER = `SELECT a.*, u.user_id AS main_user_id FROM accounts a
  JOIN users u ON u.account_id = a.account_id AND u.is_main = 1`;
const KEY_WITH_OWNER =
  'SELECT k.*, u.account_id, u.user_name, u.is_main FROM access_keys k JOIN users u USING (user_id)';

/** Identity's tables in the server's SQLite database (`migrations.ts`); each statement is prepared once. */
export class SqliteIdentityStore implements IdentityStore, MasterKeyCheckRecord {
  readonly #db: Database;
  readonly #sql;

  constructor(db: Database) {
    this.#db = db;
    this.#sql = {
      accountTaken: db.prepare<[string], 1>('SELECT 1 FROM accounts WHERE account_id = ?').pluck(),
      insertAccount: db.prepare('INSERT INTO accounts (account_id, name, rtc_enabled, created_at) VALUES (?, ?, ?, ?)'),
      account: db.prepare<[string], AccountRow>(`${ACCOUNT_WITH_MAIN_USER} WHERE a.account_id = ?`),
      accountCount: db.prepare<[], number>('SELECT count(*) FROM accounts').pluck(),
      accountPage: db.prepare<[number, number], AccountRow>(
        `${ACCOUNT_WITH_MAIN_USER} ORDER BY a.created_at, a.rowid LIMIT ? OFFSET ?`,
      ),
      setRtcEnabled: db.prepare('UPDATE accounts SET rtc_enabled = ? WHERE account_id = ?'),
      rtcEnabled: db.prepare<[string], number>('SELECT rtc_enabled FROM accounts WHERE account_id = ?').pluck(),
      userTaken: db.prepare<[string], 1>('SELECT 1 FROM users WHERE user_id = ?').pluck(),
      userNameTaken: db
        .prepare<[string, string], 1>('SELECT 1 FROM users WHERE account_id = ? AND user_name = ?')
        .pluck(),
      insertUser: db.prepare(
        'INSERT INTO users (user_id, account_id, user_name, is_main, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      user: db.prepare<[string], UserRow>('SELECT * FROM users WHERE user_id = ?'),
      usersOf: db.prepare<[string], UserRow>(
        'SELECT * FROM users WHERE account_id = ? ORDER BY is_main DESC, created_at, rowid',
      ),
      keyTaken: db.prepare<[string], 1>('SELECT 1 FROM access_keys WHERE access_key_id = ?').pluck(),
      insertKey: db.prepare(
        `INSERT INTO access_keys
           (access_key_id, user_id, secret_ciphertext, status, created_at, session_token_hash, expires_at)
         VALUES (?, ?, ?, 'active', ?, ?, ?)`,
      ),
      key: db.prepare<[string], KeyRow>(`${KEY_WITH_OWNER} WHERE k.access_key_id = ?`),
      keysOfUser: db.prepare<[string], KeyRow>(`${KEY_WITH_OWNER} WHERE k.user_id = ? ORDER BY k.created_at, k.rowid`),
      keysOfAccount: db.prepare<[string], KeyRow>(
        `${KEY_WITH_OWNER} WHERE u.account_id = ? ORDER BY k.created_at, k.rowid`,
      ),
      setKeyStatus: db.prepare('UPDATE access_keys SET status = ? WHERE access_key_id = ?'),
      deleteKey: db.prepare('DELETE FROM access_keys WHERE access_key_id = ?'),
      deleteExpiredKeys: db
        .prepare<[number], string>(
          'DELETE FROM access_keys WHERE expires_at IS NOT NULL AND expires_at < ? RETURNING access_key_id',
        )
        .pluck(),
      insertPolicy: db.prepare('INSERT INTO policies (user_id, action, app_ids, created_at) VALUES (?, ?, ?, ?)'),
      deletePolicy: db.prepare<[number], string>('DELETE FROM policies WHERE policy_id = ? RETURNING user_id').pluck(),
      policiesOf: db.prepare<[string], PolicyRow>('SELECT * FROM policies WHERE user_id = ? ORDER BY policy_id'),
      overridesOf: db.prepare<[string], { rate_group: string; qps: number }>(
        'SELECT rate_group, qps FROM rate_limit_overrides WHERE account_id = ? ORDER BY rate_group',
      ),
      putOverride: db.prepare(
        `INSERT INTO rate_limit_overrides (account_id, rate_group, qps) VALUES (?, ?, ?)
         ON CONFLICT (account_id, rate_group) DO UPDATE SET qps = excluded.qps`,
      ),
      deleteOverride: db.prepare('DELETE FROM rate_limit_overrides WHERE account_id = ? AND rate_group = ?'),
      masterKeyCheck: db.prepare<[], Buffer>('SELECT ciphertext FROM master_key_check WHERE id = 1').pluck(),
      writeMasterKeyCheck: db.prepare('INSERT OR IGNORE INTO master_key_check (id, ciphertext) VALUES (1, ?)'),
    };
  }

  // ---- accounts -----------------------------------------------------------------------------------------------

  insertAccount(account: NewAccount): Account {
    const insert = this.#db.transaction((): Account => {
      const accountId = this.#freeId(this.#sql.accountTaken, account.accountId, account.drawAccountId, {
        message: (id) => `account ${id} already exists`,
        field: 'accountId',
      });
      this.#sql.insertAccount.run(accountId, account.name, account.rtcEnabled ? 1 : 0, account.createdAt);
      const mainUserId = this.#insertUserRow(accountId, 'root', true, account.drawUserId, account.createdAt);
      const { name, rtcEnabled, createdAt } = account;
      return { accountId, name, rtcEnabled, createdAt, mainUserId };
    });
    return insert.immediate();
  }

  findAccount(accountId: string): Account | undefined {
    const row = this.#sql.account.get(accountId);
    return row && toAccount(row);
  }

  listAccounts(paging: Paging): { total: number; items: Account[] } {
    const total = this.#sql.accountCount.get()!;
    return { total, items: this.#sql.accountPage.all(paging.limit, paging.offset).map(toAccount) };
  }

  setRtcEnabled(accountId: string, enabled: boolean): boolean {
    return this.#sql.setRtcEnabled.run(enabled ? 1 : 0, accountId).changes > 0;
  }

  isRtcEnabled(accountId: string): boolean {
    return this.#sql.rtcEnabled.get(accountId) === 1;
  }

  // ---- users --------------------------------------------------------------------------------------------------

  insertUser(user: NewUser): User {
    const insert = this.#db.transaction((): User => {
      if (!this.#sql.accountTaken.get(user.accountId)) {
        throw new RecordError('not-found', `account ${user.accountId} does not exist`, 'accountId');
      }
      if (this.#sql.userNameTaken.get(user.accountId, user.userName)) {
        throw new RecordError(
          'conflict',
          `user ${user.userName} already exists in account ${user.accountId}`,
          'userName',
        );
      }
      const userId = this.#insertUserRow(user.accountId, user.userName, false, user.drawUserId, user.createdAt);
      return {
        userId,
        accountId: user.accountId,
        userName: user.userName,
        isMainUser: false,
        createdAt: user.createdAt,
      };
    });
    return insert.immediate();
  }

  findUser(userId: string): User | undefined {
    const row = this.#sql.user.get(userId);
    return row && toUser(row);
  }

  listUsers(accountId: string): User[] {
    return this.#sql.usersOf.all(accountId).map(toUser);
  }

  // ---- access keys --------------------------------------------------------------------------------------------

  /** One transaction, so a temporary key is never visible without its session token and expiry. */
  insertAccessKey(key: NewAccessKey): { accessKeyId: string; accountId: string } {
    const insert = this.#db.transaction(() => {
      const user = this.#sql.user.get(key.userId);
      if (!user) throw new RecordError('not-found', `user ${key.userId} does not exist`, 'userId');
      const accessKeyId = this.#freeId(this.#sql.keyTaken, key.accessKeyId, key.drawAccessKeyId, {
        message: (id) => `access key ${id} already exists`,
        field: 'accessKeyId',
      });
      this.#sql.insertKey.run(
        accessKeyId,
        key.userId,
        key.sealSecret(accessKeyId),
        key.createdAt,
        key.temporary?.tokenHash ?? null,
        key.temporary?.expiresAtMs ?? null,
      );
      return { accessKeyId, accountId: user.account_id };
    });
    return insert.immediate();
  }

  findAccessKey(accessKeyId: string): StoredAccessKey | undefined {
    const row = this.#sql.key.get(accessKeyId);
    if (!row) return undefined;
    return {
      ...toAccessKey(row),
      secretCiphertext: row.secret_ciphertext,
      userName: row.user_name,
      isMainUser: row.is_main === 1,
      ...(row.session_token_hash !== null && {
        temporary: { tokenHash: row.session_token_hash, expiresAtMs: row.expires_at ?? 0 },
      }),
    };
  }

  listAccessKeys(owner: { userId: string } | { accountId: string }): AccessKey[] {
    const rows =
      'userId' in owner ? this.#sql.keysOfUser.all(owner.userId) : this.#sql.keysOfAccount.all(owner.accountId);
    return rows.map(toAccessKey);
  }

  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): boolean {
    return this.#sql.setKeyStatus.run(status, accessKeyId).changes > 0;
  }

  deleteAccessKey(accessKeyId: string): boolean {
    return this.#sql.deleteKey.run(accessKeyId).changes > 0;
  }

  deleteTemporaryKeysExpiredBefore(cutoffMs: number): string[] {
    return this.#sql.deleteExpiredKeys.all(cutoffMs);
  }

  // ---- policies -----------------------------------------------------------------------------------------------

  insertPolicy(policy: Omit<Policy, 'policyId'>): Policy {
    const { userId, action, appIds, createdAt } = policy;
    const appIdsText = appIds === undefined ? null : JSON.stringify(appIds);
    const result = this.#sql.insertPolicy.run(userId, action, appIdsText, createdAt);
    return { policyId: String(result.lastInsertRowid), userId, action, ...(appIds && { appIds }), createdAt };
  }

  deletePolicy(policyId: number): { userId: string } | undefined {
    const userId = this.#sql.deletePolicy.get(policyId);
    return userId === undefined ? undefined : { userId };
  }

  policiesOf(userId: string): Policy[] {
    return this.#sql.policiesOf.all(userId).map(toPolicy);
  }

  // ---- rate-limit overrides -----------------------------------------------------------------------------------

  rateLimitOverridesOf(accountId: string): Record<string, number> {
    const overrides: Record<string, number> = {};
    for (const row of this.#sql.overridesOf.all(accountId)) overrides[row.rate_group] = row.qps;
    return overrides;
  }

  putRateLimitOverride(accountId: string, rateGroup: string, qps: number): void {
    if (!this.#sql.accountTaken.get(accountId)) {
      throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
    }
    this.#sql.putOverride.run(accountId, rateGroup, qps);
  }

  deleteRateLimitOverride(accountId: string, rateGroup: string): boolean {
    return this.#sql.deleteOverride.run(accountId, rateGroup).changes > 0;
  }

  // ---- the master key check (read once at open) ---------------------------------------------------------------

  readMasterKeyCheck(): Buffer | undefined {
    return this.#sql.masterKeyCheck.get();
  }

  writeMasterKeyCheck(ciphertext: Buffer): void {
    this.#sql.writeMasterKeyCheck.run(ciphertext);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  /** A given id, refused when taken; or a drawn one, drawn again while taken. Inside the caller's transaction. */
  #freeId(
    taken: { get(id: string): unknown },
    given: string | undefined,
    draw: () => string,
    conflict: { message: (id: string) => string; field: string },
  ): string {
    if (given !== undefined) {
      if (taken.get(given)) throw new RecordError('conflict', conflict.message(given), conflict.field);
      return given;
    }
    let id = draw();
    while (taken.get(id)) id = draw();
    return id;
  }

  #insertUserRow(accountId: string, userName: string, isMain: boolean, draw: () => string, createdAt: string) {
    const userId = this.#freeId(this.#sql.userTaken, undefined, draw, { message: () => '', field: 'userId' });
    this.#sql.insertUser.run(userId, accountId, userName, isMain ? 1 : 0, createdAt);
    return userId;
  }
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
