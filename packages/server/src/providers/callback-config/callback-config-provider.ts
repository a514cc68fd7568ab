import { ApiError } from '../../errors/api-error.js';
import type { CallbackConfigs } from '../../events/callback-configs.js';
import { defineProvider, type Provider } from '../provider.js';
import { callbackUrl, describeCallback, eventList, secretKey } from './callback-params.js';

/**
 * CreateCallback, GetCallback, UpdateCallback, DeleteCallback (catalog "Callback configuration", 2020-12-01).
 * CreateCallback and UpdateCallback spell the app `AppID` (the Go SDK's tag); the authorize stage resolved it.
 */
export function callbackConfigProvider(configs: CallbackConfigs, now: () => number): Provider<'callback-config'> {
  return defineProvider('callback-config', {
    CreateCallback: ({ params }, { app, principal, region }) => {
      const created = configs.create(
        {
          appId: app.appId,
          businessId: params.BusinessId,
          accountId: principal.accountId,
          url: callbackUrl(params.URL),
          secretKey: secretKey(params.SecretKey),
          eventList: eventList(params.EventList),
          region,
        },
        new Date(now()),
      );
      if (!created) {
        throw new ApiError(
          'InvalidParameter',
          `a callback for AppID ${app.appId} and BusinessId "${params.BusinessId}" exists already; change it with UpdateCallback`,
        );
      }
      return 'ok';
    },

    UpdateCallback: ({ params }, { app }) => {
      const change = {
        url: callbackUrl(params.URL),
        secretKey: secretKey(params.SecretKey),
        eventList: eventList(params.EventList),
      };
      if (!configs.update(app.appId, params.BusinessID, change, new Date(now()))) {
        throw new ApiError(
          'InvalidParameter',
          `there is no callback for AppID ${app.appId} and BusinessID "${params.BusinessID}"; create it with CreateCallback`,
        );
      }
      return 'ok';
    },

    GetCallback: (_call, { app, principal }) => {
      const list = configs.list(app.appId).map(describeCallback);
      const first = list[0];
      // The Go model also has top-level fields of one subscription; they mirror the first, EventList joined.
      return {
        AccountId: principal.accountId,
        AppId: app.appId,
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

    DeleteCallback: ({ params }, { app }) => {
      // Without BusinessId every subscription of the app goes; deleting what is not there leaves nothing: "ok".
      configs.delete(app.appId, params.BusinessId || undefined);
      return 'ok';
    },
  });
}
