import { timingSafeEqual } from 'node:crypto';
import { whenReady, type Awaitable } from '../awaitable.js';
import { RecordError } from '../store/record-error.js';
import { TtlCache } from '../store/ttl-cache.js';
import {
  ACCESS_KEY_ID_PATTERN,
  generateAccessKeyId,
  generateSecretAccessKey,
  SECRET_ACCESS_KEY_PATTERN,
} from './credential-format.js';
import type { AccessKey, AccessKeyStatus, IdentityStore, StoredAccessKey } from './identity-store.js';
import type { IdentityServiceParts } from './identity-service-parts.js';
import type { ResolvedAccessKey } from './principal.js';
import type { SecretCipher } from './secret-cipher.js';
import {
  checkGivenTemporaryKey,
  generateSessionToken,
  generateTemporaryAccessKeyId,
  hashSessionToken,
  sessionTokenChecker,
  temporaryKeyExpiry,
} from './temporary-credentials.js';

/** What creating a key returns: the only time the secret is shown. */
export interface CreatedAccessKey extends AccessKey {
  secretAccessKey: string;
}

/** What issuing temporary credentials returns: the only time the secret and the session token are shown. */
export interface CreatedTemporaryAccessKey extends CreatedAccessKey {
  sessionToken: string;
  expiresAt: string;
}

/** How long an expired temporary key is kept before `pruneExpiredTemporaryKeys` deletes it. */
const EXPIRED_KEY_GRACE_MS = 86_400_000;

/**
 * Access keys, long-term (`AKLT`) and temporary (STS, `AKTP`, with a session token): their secrets sealed at rest
 * under the master key, shown once at creation; and the gateway's lookup of a key (`resolveAccessKey`), cached.
 */
export class AccessKeyService {
  readonly #store: IdentityStore;
  readonly #cipher: SecretCipher;
  readonly #now: () => Date;
  /** Resolved keys by id; `null` remembers an unknown or disabled key, so a stream of bad keys is not a stream of reads. */
  readonly #resolved: TtlCache<ResolvedAccessKey | null>;
  readonly #loadResolved: (accessKeyId: string) => Awaitable<ResolvedAccessKey | null>;

  constructor(parts: IdentityServiceParts & { cipher: SecretCipher }) {
    this.#store = parts.store;
    this.#cipher = parts.cipher;
    this.#now = parts.now;
    this.#resolved = new TtlCache({
      name: 'identity.access_keys',
      ttlMs: parts.cacheMs,
      maxEntries: 10_000,
      registry: parts.caches,
    });
    this.#loadResolved = (accessKeyId) =>
      whenReady(this.#store.findAccessKey(accessKeyId), (key) =>
        key === undefined || key.status !== 'active' ? null : this.#resolve(key),
      );
  }

  /** Secret and owner of an active key. Cached: a known key costs no store read at all within the cache time. */
  resolveAccessKey(accessKeyId: string): Awaitable<ResolvedAccessKey | undefined> {
    const resolved = this.#resolved.getOrLoad(accessKeyId, this.#loadResolved);
    return resolved instanceof Promise ? resolved.then(nullAsUndefined) : nullAsUndefined(resolved);
  }

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
    return this.#insert(userId, input, generateAccessKeyId, this.#now());
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
    const created = await this.#insert(userId, input, generateTemporaryAccessKeyId, now, {
      tokenHash: hashSessionToken(sessionToken),
      expiresAtMs: expiresAt.getTime(),
    });
    return { ...created, expiresAt: expiresAt.toISOString(), sessionToken };
  }

  /** Whether the key exists (active or not) with this secret; compares without revealing the stored one. */
  async hasAccessKeySecret(accessKeyId: string, secretAccessKey: string): Promise<boolean> {
    const key = await this.#store.findAccessKey(accessKeyId);
    if (!key) return false;
    const stored = Buffer.from(this.#cipher.decrypt(key.secretCiphertext, keyAssociatedData(accessKeyId)));
    const given = Buffer.from(secretAccessKey);
    return stored.length === given.length && timingSafeEqual(stored, given);
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKey | undefined> {
    const key = await this.#store.findAccessKey(accessKeyId);
    return key && listedKey(key);
  }

  /** A user's keys (or an account's, with `{ accountId }`), without secrets. */
  async listAccessKeys(owner: { userId: string } | { accountId: string }): Promise<AccessKey[]> {
    return this.#store.listAccessKeys(owner);
  }

  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<AccessKey> {
    const changed = await this.#store.setAccessKeyStatus(accessKeyId, status);
    this.#resolved.delete(accessKeyId);
    if (!changed) throw new RecordError('not-found', `access key ${accessKeyId} does not exist`, 'accessKeyId');
    return (await this.getAccessKey(accessKeyId))!;
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    const deleted = await this.#store.deleteAccessKey(accessKeyId);
    this.#resolved.delete(accessKeyId);
    if (!deleted) throw new RecordError('not-found', `access key ${accessKeyId} does not exist`, 'accessKeyId');
  }

  /**
   * Deletes the temporary (STS) keys whose expiry is more than `graceMs` (default one day) before now. They can no
   * longer sign anything; the day keeps a just-expired key visible to `key list`. Returns how many were deleted.
   */
  async pruneExpiredTemporaryKeys(graceMs = EXPIRED_KEY_GRACE_MS): Promise<number> {
    const deleted = await this.#store.deleteTemporaryKeysExpiredBefore(this.#now().getTime() - graceMs);
    for (const accessKeyId of deleted) this.#resolved.delete(accessKeyId);
    return deleted.length;
  }

  async #insert(
    userId: string,
    input: { accessKeyId?: string; secretAccessKey?: string },
    drawAccessKeyId: () => string,
    now: Date,
    temporary?: { tokenHash: Buffer; expiresAtMs: number },
  ): Promise<CreatedAccessKey> {
    const createdAt = now.toISOString();
    const secretAccessKey = input.secretAccessKey ?? generateSecretAccessKey();
    const { accessKeyId, accountId } = await this.#store.insertAccessKey({
      userId,
      ...(input.accessKeyId !== undefined && { accessKeyId: input.accessKeyId }),
      drawAccessKeyId,
      sealSecret: (id) => this.#cipher.encrypt(secretAccessKey, keyAssociatedData(id)),
      createdAt,
      ...(temporary && { temporary }),
    });
    // An id asked for before it existed (a fixed dev or test id) is remembered as unknown: forget that.
    this.#resolved.delete(accessKeyId);
    return { accessKeyId, userId, accountId, status: 'active', createdAt, secretAccessKey };
  }

  #resolve(key: StoredAccessKey): ResolvedAccessKey {
    return {
      secretAccessKey: this.#cipher.decrypt(key.secretCiphertext, keyAssociatedData(key.accessKeyId)),
      principal: {
        accountId: key.accountId,
        userId: key.userId,
        userName: key.userName,
        isMainUser: key.isMainUser,
        accessKeyId: key.accessKeyId,
      },
      ...(key.temporary && {
        checkSessionToken: sessionTokenChecker(key.accessKeyId, key.temporary.tokenHash, key.temporary.expiresAtMs),
      }),
    };
  }
}

function nullAsUndefined<T>(value: T | null): T | undefined {
  return value ?? undefined;
}

function checkGivenSecret(secretAccessKey: string | undefined): void {
  if (secretAccessKey !== undefined && !SECRET_ACCESS_KEY_PATTERN.test(secretAccessKey)) {
    throw new RecordError('invalid', 'a secret access key is 16 to 128 printable ASCII characters', 'secretAccessKey');
  }
}

/** Binds a sealed secret to its key's row: copied onto another key, it does not decrypt. */
function keyAssociatedData(accessKeyId: string): string {
  return `access-key:${accessKeyId}`;
}

/** The key as listed: without its sealed secret and its owner's name. */
function listedKey(key: StoredAccessKey): AccessKey {
  return {
    accessKeyId: key.accessKeyId,
    userId: key.userId,
    accountId: key.accountId,
    status: key.status,
    createdAt: key.createdAt,
    ...(key.expiresAt !== undefined && { expiresAt: key.expiresAt }),
  };
}
