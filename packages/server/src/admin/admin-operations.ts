import type { AuditLog } from './audit-log.js';
import type { AuditEntry } from './audit-store.js';
import type { App, AppService, AppStatus } from '../apps/app-service.js';
import type { AccessKeyStatus, IdentityService } from '../identity/identity-service.js';
import { TEMPORARY_TTL_SECONDS } from '../identity/temporary-credentials.js';
import { listDeliveries } from '../events/delivery-log.js';
import { CallbackConfigs } from '../events/callback-configs.js';
import { DeliveryInspection } from '../events/delivery-inspection.js';
import {
  DELIVERY_STATUSES,
  type CallbackConfigStore,
  type DeliveryLogStore,
  type OutboxStore,
} from '../events/event-store.js';
import type { SecretCipher } from '../identity/secret-cipher.js';
import { RecordError } from '../store/record-error.js';
import type { KeptRecordings } from '../tasks/recording/kept-recordings.js';
import { KeptUploadError } from '../tasks/recording/record-uploads.js';
import { TASK_KINDS, type TaskKind } from '../tasks/task-model.js';
import type { TaskStore } from '../tasks/task-store.js';
import { BillingAdmin } from './billing-admin.js';
import type { ResourcePackages } from '../billing/resource-packages.js';
import { TaskAdmin } from './task-admin.js';
import { ModerationAdmin } from './moderation-admin.js';
import type { ModerationStore } from '../moderation/moderation-store.js';
import {
  oneOf,
  optionalBoolean,
  optionalInteger,
  optionalText,
  optionalTextList,
  optionalTime,
  requiredBoolean,
  requiredNumber,
  requiredText,
} from './admin-input.js';

/** What administration works on; `Services` from `store/open-services.ts` has all of it. */
export interface AdminServices {
  /** The media tasks' store (the recording switch, fault injection, the task list). */
  tasks: TaskStore;
  /** The callback delivery log, the subscriptions (to check signatures) and the outbox (to redeliver). */
  events: DeliveryLogStore & CallbackConfigStore & Pick<OutboxStore, 'redeliver'>;
  /** Opens the subscriptions' sealed secrets, to check a delivery's signature on the server. */
  cipher: SecretCipher;
  identity: IdentityService;
  apps: AppService;
  audit: AuditLog;
  /** The accounts' resource packages (billing-admin.ts). */
  billing: ResourcePackages;
  /** Recordings storage refused, kept for a retry (a server's, or one opened on a data directory: kept-uploads.ts). */
  keptUploads?: Pick<KeptRecordings, 'list' | 'retry'>;
  /** Content moderation's verdict rules and detection results (moderation-admin.ts). */
  moderation: ModerationStore;
}

/** Something the gateway caches changed; it may forget its copy at once. */
export type AdminChange = { kind: 'access-key'; accessKeyId: string } | { kind: 'rate-limits'; accountId: string };

type Input = Record<string, unknown>;

/**
 * The administration operations, shared by the admin HTTP API and the admin CLI: untrusted input in (a JSON body,
 * path parts, CLI options), JSON-ready values out, RecordError (naming the field) for bad input.
 */
export class AdminOperations {
  #deliveries: DeliveryInspection | undefined;

  constructor(
    private readonly services: AdminServices,
    private readonly onChange: (change: AdminChange) => void = () => {},
  ) {}

  // accounts
  createAccount(input: Input) {
    return this.services.identity.createAccount({
      name: optionalText(input, 'name'),
      accountId: optionalText(input, 'accountId'),
      rtcEnabled: optionalBoolean(input, 'rtcEnabled'),
    });
  }

  listAccounts(input: Input) {
    return this.services.identity.listAccounts(paging(input));
  }

  async getAccount(accountId: string) {
    const account = await this.services.identity.getAccount(accountId);
    if (!account) throw new RecordError('not-found', `account ${accountId} does not exist`, 'accountId');
    return account;
  }

  setRtcEnabled(accountId: string, input: Input) {
    return this.services.identity.setRtcEnabled(accountId, requiredBoolean(input, 'enabled'));
  }

  // users
  createUser(accountId: string, input: Input) {
    return this.services.identity.createUser(accountId, requiredText(input, 'userName'));
  }

  async listUsers(accountId: string) {
    await this.getAccount(accountId);
    return { users: await this.services.identity.listUsers(accountId) };
  }

  // policies
  async attachPolicy(userId: string, input: Input) {
    return this.services.identity.attachPolicy(userId, {
      action: requiredText(input, 'action'),
      appIds: optionalTextList(input, 'appIds'),
    });
  }

  async detachPolicy(policyId: string) {
    await this.services.identity.detachPolicy(policyId);
  }

  async listPolicies(userId: string) {
    await this.#requireUser(userId);
    return { policies: await this.services.identity.listPolicies(userId) };
  }

  // access keys
  /** The secret is in this answer and nowhere else, ever. */
  async createAccessKey(owner: { userId: string } | { accountId: string }) {
    const userId = 'userId' in owner ? owner.userId : (await this.getAccount(owner.accountId)).mainUserId;
    return this.services.identity.createAccessKey(userId);
  }

  /**
   * Temporary (STS) credentials for a user (or an account's main user): the secret and the session token are in
   * this answer and nowhere else, ever. `ttlSeconds` defaults to one hour.
   */
  async issueTemporaryKey(owner: { userId: string } | { accountId: string }, input: Input) {
    const ttlSeconds = optionalInteger(input, 'ttlSeconds', TEMPORARY_TTL_SECONDS);
    const userId = 'userId' in owner ? owner.userId : (await this.getAccount(owner.accountId)).mainUserId;
    return this.services.identity.createTemporaryAccessKey(userId, { ttlSeconds });
  }

  async listAccessKeys(owner: { userId: string } | { accountId: string }) {
    if ('userId' in owner) await this.#requireUser(owner.userId);
    else await this.getAccount(owner.accountId);
    return { accessKeys: await this.services.identity.listAccessKeys(owner) };
  }

  async getAccessKey(accessKeyId: string) {
    const key = await this.services.identity.getAccessKey(accessKeyId);
    if (!key) throw new RecordError('not-found', `access key ${accessKeyId} does not exist`, 'accessKeyId');
    return key;
  }

  async setAccessKeyStatus(accessKeyId: string, input: Input | AccessKeyStatus) {
    const status = typeof input === 'string' ? input : oneOf<AccessKeyStatus>(input, 'status', ['active', 'disabled']);
    const key = await this.services.identity.setAccessKeyStatus(accessKeyId, status);
    this.onChange({ kind: 'access-key', accessKeyId });
    return key;
  }

  async deleteAccessKey(accessKeyId: string) {
    await this.services.identity.deleteAccessKey(accessKeyId);
    this.onChange({ kind: 'access-key', accessKeyId });
  }

  // apps
  async createApp(accountId: string, input: Input) {
    return appView(await this.services.apps.createApp(accountId, { name: requiredText(input, 'name') }), true);
  }

  /** Without AppKeys; `getApp` shows them. */
  async listApps(input: Input) {
    const accountId = optionalText(input, 'accountId');
    if (accountId !== undefined) await this.getAccount(accountId);
    const page = await this.services.apps.listApps(accountId, paging(input));
    return { total: page.total, items: page.items.map((app) => appView(app, false)) };
  }

  async getApp(appId: string) {
    const app = await this.services.apps.getApp(appId);
    if (!app) throw new RecordError('not-found', `app ${appId} does not exist`, 'appId');
    return appView(app, true);
  }

  async setAppStatus(appId: string, input: Input | AppStatus) {
    const status = typeof input === 'string' ? input : oneOf<AppStatus>(input, 'status', ['enabled', 'disabled']);
    return appView(await this.services.apps.setAppStatus(appId, status), false);
  }

  /** The app's cloud recording switch (AccessDenied.RecordNotEnabled when off; on unless switched off). */
  async setRecording(appId: string, input: Input | boolean) {
    const enabled = typeof input === 'boolean' ? input : requiredBoolean(input, 'enabled');
    await this.#existingApp(appId);
    return new TaskAdmin(this.services.tasks, this.services.events).setRecording(appId, enabled);
  }

  /** Fault injection: the app's next `count` (default 1) task starts fail. */
  async failNextStarts(appId: string, input: Input | number) {
    const count =
      typeof input === 'number' ? input : (optionalInteger(input, 'count', { min: 0, max: 1_000_000 }) ?? 1);
    await this.#existingApp(appId);
    return new TaskAdmin(this.services.tasks, this.services.events).failNextStarts(appId, count);
  }

  /** Media tasks, most recently changed first; `appId` narrows to one app. */
  listTasks(input: Input) {
    const appId = optionalText(input, 'appId');
    return Promise.resolve(
      new TaskAdmin(this.services.tasks, this.services.events).list({
        ...(appId !== undefined && { appId }),
        ...paging(input, 1000),
      }),
    );
  }

  /** A task (`kind`, `appId`, `roomId`, `taskId`) with its timeline. */
  taskTimeline(input: Input) {
    const kind = oneOf<TaskKind>(input, 'kind', TASK_KINDS);
    const [appId, roomId, taskId] = (['appId', 'roomId', 'taskId'] as const).map((f) => requiredText(input, f));
    return Promise.resolve(
      new TaskAdmin(this.services.tasks, this.services.events).timeline(kind, {
        appId: appId!,
        roomId: roomId!,
        taskId: taskId!,
      }),
    );
  }

  /** Recordings storage refused, kept on disk for a retry, oldest first. */
  async listKeptUploads() {
    return { uploads: await this.#keptUploads().list() };
  }

  /** Tries to store a kept recording now; a task whose files are then all stored ends after all. */
  async retryKeptUpload(id: string) {
    try {
      return await this.#keptUploads().retry(id);
    } catch (error) {
      if (!(error instanceof KeptUploadError)) throw error;
      throw new RecordError(error.reason === 'busy' ? 'conflict' : 'not-found', error.message, 'id');
    }
  }

  #keptUploads(): Pick<KeptRecordings, 'list' | 'retry'> {
    const kept = this.services.keptUploads;
    if (!kept) throw new RecordError('not-found', 'kept uploads are not served here');
    return kept;
  }

  async #existingApp(appId: string): Promise<void> {
    if (!(await this.services.apps.getApp(appId))) {
      throw new RecordError('not-found', `app ${appId} does not exist`, 'appId');
    }
  }

  // resource packages (billing-admin.ts)
  async listResourcePackages(accountId: string) {
    await this.getAccount(accountId);
    return new BillingAdmin(this.services.billing).list(accountId);
  }

  addResourcePackage(accountId: string, input: Input) {
    return new BillingAdmin(this.services.billing).add(accountId, input);
  }

  removeResourcePackage(packageId: string) {
    return new BillingAdmin(this.services.billing).remove(packageId);
  }

  // content moderation (moderation-admin.ts)
  async setModerationRule(appId: string, input: Input) {
    await this.#existingApp(appId);
    return new ModerationAdmin(this.services.moderation).set(appId, input);
  }

  async listModerationRules(appId: string, input: Input) {
    await this.#existingApp(appId);
    return new ModerationAdmin(this.services.moderation).list(appId, input);
  }

  async removeModerationRule(appId: string, input: Input) {
    await this.#existingApp(appId);
    new ModerationAdmin(this.services.moderation).remove(appId, input);
  }

  /** The detection results of an app (a room's, a user's), newest first, with the fate of each POST. */
  async listDetectionResults(appId: string, input: Input) {
    await this.#existingApp(appId);
    return new ModerationAdmin(this.services.moderation).results(appId, input, paging(input, 1000));
  }

  // rate limits
  async listRateLimits(accountId: string) {
    await this.getAccount(accountId);
    return { accountId, overrides: await this.services.identity.getRateLimitOverrides(accountId) };
  }

  async setRateLimit(accountId: string, rateGroup: string, input: Input) {
    await this.services.identity.setRateLimitOverride(accountId, rateGroup, requiredNumber(input, 'qps'));
    this.onChange({ kind: 'rate-limits', accountId });
    return this.listRateLimits(accountId);
  }

  async removeRateLimit(accountId: string, rateGroup: string) {
    await this.services.identity.removeRateLimitOverride(accountId, rateGroup);
    this.onChange({ kind: 'rate-limits', accountId });
  }

  // audit
  async queryAudit(input: Input) {
    const result = await this.services.audit.query({
      accountId: optionalText(input, 'accountId'),
      action: optionalText(input, 'action'),
      code: optionalText(input, 'code'),
      from: optionalTime(input, 'from'),
      to: optionalTime(input, 'to'),
      ...paging(input, 1000),
    });
    return { total: result.total, entries: result.entries.map(auditView) };
  }

  // callback deliveries
  /** One entry per delivery attempt, newest first. */
  async listDeliveries(input: Input) {
    const deliveries = listDeliveries(this.services.events, {
      appId: optionalText(input, 'appId'),
      eventId: optionalText(input, 'eventId'),
      eventType: optionalText(input, 'eventType'),
      status: optionalText(input, 'status') === undefined ? undefined : oneOf(input, 'status', DELIVERY_STATUSES),
      ...paging(input, 1000),
    });
    return { deliveries };
  }

  /** One delivery: its payload, each attempt with the body posted, the answer and the signature's check. */
  async getDelivery(deliveryId: string) {
    return this.#inspection().detail(deliveryIdOf(deliveryId));
  }

  /** Delivers it again (a new delivery of the same event, due now). */
  async redeliver(deliveryId: string) {
    return this.#inspection().redeliver(deliveryIdOf(deliveryId), Date.now());
  }

  #inspection(): DeliveryInspection {
    const { events, cipher } = this.services;
    this.#deliveries ??= new DeliveryInspection({
      log: events,
      outbox: events,
      configs: new CallbackConfigs(events, cipher),
    });
    return this.#deliveries;
  }

  async #requireUser(userId: string) {
    const user = await this.services.identity.getUser(userId);
    if (!user) throw new RecordError('not-found', `user ${userId} does not exist`, 'userId');
    return user;
  }
}

function deliveryIdOf(text: string): number {
  const id = Number(text);
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(id)) {
    throw new RecordError(
      'invalid',
      `deliveryId must be a positive integer, not ${JSON.stringify(text.slice(0, 40))}`,
      'deliveryId',
    );
  }
  return id;
}

function paging(input: Input, maxLimit = 100): { offset: number; limit: number } {
  return {
    offset: optionalInteger(input, 'offset', { min: 0, max: 1_000_000_000 }) ?? 0,
    limit: optionalInteger(input, 'limit', { min: 1, max: maxLimit }) ?? Math.min(100, maxLimit),
  };
}

function appView(app: App, withKeys: boolean) {
  return {
    appId: app.appId,
    accountId: app.accountId,
    name: app.name,
    status: app.status,
    createdAt: app.createdAt,
    ...(withKeys && { appKey: app.appKey, secondaryAppKey: app.secondaryAppKey }),
  };
}

function auditView(entry: AuditEntry) {
  return { ...entry, at: entry.at.toISOString() };
}
