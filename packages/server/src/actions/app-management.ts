import type { App, AppService } from '../apps/app-service.js';
import { ApiError } from '../errors/api-error.js';
import type { Principal } from '../identity/principal.js';
import { optionalString, requiredString } from '../rooms/action-params.js';
import { RecordError } from '../store/record-error.js';
import type { ActionContext, ActionHandlers } from './action-handler.js';

export interface AppManagementDeps {
  apps: AppService;
}

/** Catalog section 2.2 "App & business-id management": apps run at 1, disabled apps at 98. */
const INSTANCE_STATUS_RUNNING = 1;
const INSTANCE_STATUS_DISABLED = 98;

/**
 * The app and business-id actions, every catalogued version. Params arrive validated against the catalog schema;
 * what the schema cannot say (numbers carried in strings, ownership, uniqueness) is checked here. CreateByteplusApp
 * is left out on purpose: it answers NotImplemented.
 */
export function appManagementHandlers(deps: AppManagementDeps): ActionHandlers {
  const { apps } = deps;

  /**
   * The gateway's authorize stage checks ownership of `AppId` (or GetAllBusinessID's `AppID`) already; it is checked
   * here again as defence in depth, and because the handlers are also called directly (tests).
   */
  async function ownedApp(appId: string, principal: Principal): Promise<App> {
    const app = await apps.getApp(appId);
    if (!app) throw new ApiError('InvalidParameter.NotExistAppId', `AppId ${appId} does not exist`);
    if (app.accountId !== principal.accountId) {
      throw new ApiError('InvalidParameter.AccountIdMismatch', 'Check owner failed');
    }
    return app;
  }

  return {
    async CreateApp(params, ctx) {
      const name = requiredString(params, 'AppName');
      try {
        const app = await apps.createApp(ctx.principal.accountId, { name });
        return {
          AppId: app.appId,
          AppKey: app.appKey,
          CreateDate: rfc3339(app.createdAt),
          InstanceId: instanceIdOf(app.appId),
          InstanceStatus: instanceStatusOf(app),
          Name: app.name,
          Owner: app.accountId,
          SecondaryAppKey: app.secondaryAppKey,
        };
      } catch (error) {
        throw toApiError(error);
      }
    },

    async ListApps(params, ctx) {
      const limit = stringNumber(params, 'Limit', { fallback: 50, max: 100 });
      const offset = stringNumber(params, 'Offset', { fallback: 0 });
      const appId = optionalString(params, 'AppId');
      const projectName = optionalString(params, 'ProjectName');
      let list: App[];
      let total: number;
      if (!inDefaultProject(projectName)) {
        list = [];
        total = 0;
      } else if (appId !== undefined) {
        const app = await ownedApp(appId, ctx.principal);
        total = 1;
        list = offset === 0 ? [app] : [];
      } else {
        const page = await apps.listApps(ctx.principal.accountId, {
          offset,
          limit,
          newestFirst: params.Reverse === 1,
        });
        list = page.items;
        total = page.total;
      }
      return {
        AppList: list.map((app) => ({
          AppId: app.appId,
          AppKey: app.appKey,
          AppName: app.name,
          CreateAt: rfc3339(app.createdAt),
          SecondaryAppKey: app.secondaryAppKey,
          Status: instanceStatusOf(app),
        })),
        Limit: limit,
        Offset: offset,
        Total: total,
      };
    },

    async ModifyAppStatus(params, ctx) {
      const app = await ownedApp(requiredString(params, 'AppId'), ctx.principal);
      const status = params.Status;
      if (status !== 1 && status !== 2) {
        throw new ApiError('InvalidParameter', 'Status must be 1 (enable) or 2 (disable)');
      }
      await apps.setAppStatus(app.appId, status === 1 ? 'enabled' : 'disabled');
      return 'ok';
    },

    async DescribeAppKeys(params, ctx) {
      const app = await ownedApp(requiredString(params, 'AppId'), ctx.principal);
      return { AppId: app.appId, AppKey: app.appKey, SecondaryAppKey: app.secondaryAppKey };
    },

    async DescribeNewRtcApps(params, ctx) {
      const limit = integerParam(params, 'Limit', { fallback: 100, max: 100 });
      const offset = integerParam(params, 'Offset', { fallback: 0 });
      if (!inDefaultProject(optionalString(params, 'ProjectName'))) return { AppList: [] };
      const page = await apps.listApps(ctx.principal.accountId, { offset, limit });
      return {
        AppList: page.items.map((app) => ({ AppId: app.appId, Name: app.name, Status: instanceStatusOf(app) })),
      };
    },

    async AddBusinessID(params, ctx) {
      const app = await ownedApp(requiredString(params, 'AppId'), ctx.principal);
      const businessId = requiredString(params, 'BusinessId');
      const remarks = requiredString(params, 'Remarks');
      await apps.addBusinessId(app.appId, businessId, remarks).catch(rethrowAsApiError);
      return 'ok';
    },

    async DeleteBusinessID(params, ctx) {
      const app = await ownedApp(requiredString(params, 'AppId'), ctx.principal);
      await apps.deleteBusinessId(app.appId, requiredString(params, 'BusinessId')).catch(rethrowAsApiError);
      return 'ok';
    },

    async GetAllBusinessID(params, ctx) {
      const app = await ownedApp(requiredString(params, 'AppID'), ctx.principal);
      const limit = stringNumber(params, 'Limit', { fallback: 100, max: 100 });
      const offset = stringNumber(params, 'Offset', { fallback: 0 });
      const page = await apps.listBusinessIds(app.appId, { offset, limit });
      return {
        BusinessRecords: page.items.map((record) => ({
          AppId: record.appId,
          BusinessId: record.businessId,
          CreatedTime: rfc3339(record.createdAt),
          Remarks: record.remarks,
        })),
        TotalSize: page.total,
      };
    },

    async ModifyBusinessRemarks(params, ctx) {
      const app = await ownedApp(requiredString(params, 'AppId'), ctx.principal);
      await apps
        .modifyBusinessRemarks(app.appId, requiredString(params, 'BusinessId'), requiredString(params, 'Remarks'))
        .catch(rethrowAsApiError);
      return 'ok';
    },
  } satisfies Record<string, (params: Record<string, unknown>, ctx: ActionContext) => unknown>;
}

/** Every app lives in the one project we have, `default`; another project name lists nothing. */
function inDefaultProject(projectName: string | undefined): boolean {
  return projectName === undefined || projectName === '' || projectName === 'default';
}

function instanceStatusOf(app: App): number {
  return app.status === 'enabled' ? INSTANCE_STATUS_RUNNING : INSTANCE_STATUS_DISABLED;
}

/** No billing here: the instance id is derived from the AppId so it is stable across calls. */
function instanceIdOf(appId: string): string {
  return `rtc-${appId}`;
}

/** A stored toISOString() time as RFC 3339 to the second (the catalog's form), by a string edit: ListApps is hot. */
function rfc3339(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * ListApps and GetAllBusinessID carry Offset and Limit as strings (catalog 1.3). Absent, empty or "0" (for a limit)
 * means the default; a limit above the maximum is clamped, and the Result's Limit shows the one used.
 */
function stringNumber(
  params: Record<string, unknown>,
  field: string,
  rule: { fallback: number; max?: number },
): number {
  const value = params[field];
  if (value === undefined || value === '') return rule.fallback;
  if (typeof value !== 'string' || !/^[0-9]{1,9}$/.test(value)) {
    throw new ApiError('InvalidParameter', `${field} must be a string holding a non-negative integer`);
  }
  return clampPaging(Number(value), rule);
}

function integerParam(
  params: Record<string, unknown>,
  field: string,
  rule: { fallback: number; max?: number },
): number {
  const value = params[field];
  if (value === undefined) return rule.fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ApiError('InvalidParameter', `${field} must be a non-negative integer`);
  }
  return clampPaging(value, rule);
}

function clampPaging(n: number, rule: { fallback: number; max?: number }): number {
  if (rule.max === undefined) return n;
  if (n === 0) return rule.fallback;
  return Math.min(n, rule.max);
}

/** Service field names to the wire's. */
const WIRE_FIELDS: Readonly<Record<string, string>> = { name: 'AppName', appId: 'AppId' };

function toApiError(error: unknown): unknown {
  if (!(error instanceof RecordError)) return error;
  const field = error.field === undefined ? undefined : (WIRE_FIELDS[error.field] ?? error.field);
  if (error.kind === 'not-found' && field === 'AppId') {
    return new ApiError('InvalidParameter.NotExistAppId', error.message);
  }
  const message = field !== undefined && !error.message.includes(field) ? `${field}: ${error.message}` : error.message;
  return new ApiError('InvalidParameter', message);
}

function rethrowAsApiError(error: unknown): never {
  throw toApiError(error);
}
