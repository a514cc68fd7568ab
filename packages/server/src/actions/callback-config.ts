import { ApiError } from '../errors/api-error.js';
import type { CallbackConfig, CallbackConfigs } from '../events/callback-configs.js';
import { SUBSCRIBABLE_EVENT_TYPES } from '../events/event-types.js';
import { optionalString, requiredString } from '../rooms/action-params.js';
import type { RoomAppDirectory } from '../rooms/app-directory.js';
import type { ActionContext, ActionHandlers } from './action-handler.js';

/**
 * The gateway's authorize stage checks that the caller owns the app named by `AppId` or `AppID` (CreateCallback and
 * UpdateCallback spell it `AppID`, the Go SDK's tag). Every handler here checks the owner again: defence in depth,
 * and the handlers are also called directly (tests), without the gateway.
 */
async function ownedApp(apps: RoomAppDirectory, appId: string, field: string, ctx: ActionContext): Promise<void> {
  const app = await apps.getApp(appId);
  if (!app) throw new ApiError('InvalidParameter.NotExistAppId', `${field} ${appId} does not exist`);
  if (app.accountId !== ctx.principal.accountId) {
    throw new ApiError('InvalidParameter.AccountIdMismatch', 'Check owner failed');
  }
}

function eventList(params: Record<string, unknown>): string[] {
  const list = params.EventList;
  if (!Array.isArray(list) || list.length === 0) throw new ApiError('MissingParameter', 'EventList is required');
  const names: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !SUBSCRIBABLE_EVENT_TYPES.has(v)) {
      throw new ApiError(
        'InvalidParameter',
        `EventList[${i}] is not an event type; use one of ${[...SUBSCRIBABLE_EVENT_TYPES].join(', ')}`,
      );
    }
    if (!names.includes(v)) names.push(v);
  });
  return names;
}

function callbackUrl(params: Record<string, unknown>): string {
  const raw = requiredString(params, 'URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('InvalidParameter', 'URL must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('InvalidParameter', 'URL must be an absolute http or https URL');
  }
  if (raw.length > 1024) throw new ApiError('InvalidParameter', 'URL must be at most 1024 characters');
  return raw;
}

function secretKey(params: Record<string, unknown>): string {
  const v = requiredString(params, 'SecretKey');
  if (v.length > 256) throw new ApiError('InvalidParameter', 'SecretKey must be at most 256 characters');
  return v;
}

function describe(c: CallbackConfig) {
  return {
    AccountId: c.accountId,
    AppId: c.appId,
    BusinessId: c.businessId,
    CreatedAt: c.createdAt,
    EventList: c.eventList,
    Region: c.region,
    SecretKey: c.secretKey,
    URL: c.url,
    UpdatedAt: c.updatedAt,
  };
}

/** CreateCallback, GetCallback, UpdateCallback, DeleteCallback (catalog "Callback configuration", 2020-12-01). */
export function callbackConfigHandlers(deps: {
  configs: CallbackConfigs;
  apps: RoomAppDirectory;
  now: () => number;
}): ActionHandlers {
  const { configs, apps } = deps;
  return {
    CreateCallback: async (params, ctx) => {
      const appId = requiredString(params, 'AppID');
      await ownedApp(apps, appId, 'AppID', ctx);
      const businessId = optionalString(params, 'BusinessId') ?? '';
      const created = configs.create(
        {
          appId,
          businessId,
          accountId: ctx.principal.accountId,
          url: callbackUrl(params),
          secretKey: secretKey(params),
          eventList: eventList(params),
          region: ctx.region,
        },
        new Date(deps.now()),
      );
      if (!created) {
        throw new ApiError(
          'InvalidParameter',
          `a callback for AppID ${appId} and BusinessId "${businessId}" exists already; change it with UpdateCallback`,
        );
      }
      return 'ok';
    },

    UpdateCallback: async (params, ctx) => {
      const appId = requiredString(params, 'AppID');
      await ownedApp(apps, appId, 'AppID', ctx);
      const businessId = optionalString(params, 'BusinessID') ?? '';
      const updated = configs.update(
        appId,
        businessId,
        { url: callbackUrl(params), secretKey: secretKey(params), eventList: eventList(params) },
        new Date(deps.now()),
      );
      if (!updated) {
        throw new ApiError(
          'InvalidParameter',
          `there is no callback for AppID ${appId} and BusinessID "${businessId}"; create it with CreateCallback`,
        );
      }
      return 'ok';
    },

    GetCallback: async (params, ctx) => {
      const appId = requiredString(params, 'AppId');
      await ownedApp(apps, appId, 'AppId', ctx);
      const list = configs.list(appId).map(describe);
      const first = list[0];
      // The Go model also has top-level fields of one subscription; they mirror the first, EventList joined.
      return {
        AccountId: ctx.principal.accountId,
        AppId: appId,
        ...(first && {
          BusinessId: first.BusinessId,
          CreatedAt: first.CreatedAt,
          EventList: first.EventList.join(','),
          Region: first.Region,
          SecretKey: first.SecretKey,
          URL: first.URL,
          UpdatedAt: first.UpdatedAt,
        }),
        Callbacks: list,
      };
    },

    DeleteCallback: async (params, ctx) => {
      const appId = requiredString(params, 'AppId');
      await ownedApp(apps, appId, 'AppId', ctx);
      // Without BusinessId every subscription of the app goes; deleting what is not there leaves nothing: "ok".
      configs.delete(appId, optionalString(params, 'BusinessId'));
      return 'ok';
    },
  };
}
