import type { App, AppService } from '../../apps/app-service.js';
import { ApiError } from '../../errors/api-error.js';
import { defineProvider, type Provider } from '../provider.js';
import {
  inDefaultProject,
  instanceIdOf,
  instanceStatusOf,
  rethrowAsApiError,
  rfc3339,
  toApiError,
} from './app-wire.js';
import { integerParam, stringNumber } from './paging-params.js';

const BYTEPLUS_APP_NAME = 'BytePlus App';

/**
 * The app and business-id actions, every catalogued version. What the schema cannot say (numbers carried in
 * strings, uniqueness) is checked here.
 */
export function appManagementProvider(apps: AppService): Provider<'app-management'> {
  /** The authorize stage found the app a moment ago; another process may have deleted it since. */
  async function appWithKeys(appId: string): Promise<App> {
    const app = await apps.getApp(appId);
    if (!app) throw new ApiError('InvalidParameter.NotExistAppId', `AppId ${appId} does not exist`);
    return app;
  }

  return defineProvider('app-management', {
    async CreateApp({ params }, { principal }) {
      try {
        const app = await apps.createApp(principal.accountId, { name: params.AppName });
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

    /**
     * The BytePlus console's app creation: a request without fields (the SDK's struct is empty), so the app gets the
     * name "BytePlus App"; it answers CreateApp's fields plus Enabled and Status (InstanceStatus's code) and a
     * license of type 0 (none: pay as you go) in status 1 (valid). docs/data-and-tail.md.
     */
    async CreateByteplusApp(_call, { principal }) {
      try {
        const app = await apps.createApp(principal.accountId, { name: BYTEPLUS_APP_NAME });
        return {
          AppId: app.appId,
          AppKey: app.appKey,
          CreateDate: rfc3339(app.createdAt),
          Enabled: app.status === 'enabled',
          InstanceId: instanceIdOf(app.appId),
          InstanceStatus: instanceStatusOf(app),
          LicenseStatus: 1,
          LicenseType: 0,
          Name: app.name,
          Owner: app.accountId,
          SecondaryAppKey: app.secondaryAppKey,
          Status: instanceStatusOf(app),
        };
      } catch (error) {
        throw toApiError(error);
      }
    },

    async ListApps(call, { app: named, principal }) {
      const { params } = call;
      const limit = stringNumber(params.Limit, 'Limit', { fallback: 50, max: 100 });
      const offset = stringNumber(params.Offset, 'Offset', { fallback: 0 });
      const projectName = call.version === '2023-11-01' ? call.params.ProjectName : undefined;
      let list: readonly App[] = [];
      let total = 0;
      if (!inDefaultProject(projectName)) {
        // another project: nothing
      } else if (named !== undefined) {
        const app = await appWithKeys(named.appId);
        total = 1;
        list = offset === 0 ? [app] : [];
      } else {
        const page = await apps.listApps(principal.accountId, { offset, limit, newestFirst: params.Reverse === 1 });
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

    async ModifyAppStatus({ params }, { app }) {
      await apps.setAppStatus(app.appId, params.Status === 1 ? 'enabled' : 'disabled').catch(rethrowAsApiError);
      return 'ok';
    },

    async DescribeAppKeys(_call, { app: named }) {
      const app = await appWithKeys(named.appId);
      return { AppId: app.appId, AppKey: app.appKey, SecondaryAppKey: app.secondaryAppKey };
    },

    async DescribeNewRtcApps({ params }, { principal }) {
      const limit = integerParam(params.Limit, 'Limit', { fallback: 100, max: 100 });
      const offset = integerParam(params.Offset, 'Offset', { fallback: 0 });
      if (!inDefaultProject(params.ProjectName)) return { AppList: [] };
      const page = await apps.listApps(principal.accountId, { offset, limit });
      return {
        AppList: page.items.map((app) => ({ AppId: app.appId, Name: app.name, Status: instanceStatusOf(app) })),
      };
    },

    async AddBusinessID({ params }, { app }) {
      await apps.addBusinessId(app.appId, params.BusinessId, params.Remarks).catch(rethrowAsApiError);
      return 'ok';
    },

    async DeleteBusinessID({ params }, { app }) {
      await apps.deleteBusinessId(app.appId, params.BusinessId).catch(rethrowAsApiError);
      return 'ok';
    },

    async GetAllBusinessID({ params }, { app }) {
      const limit = stringNumber(params.Limit, 'Limit', { fallback: 100, max: 100 });
      const offset = stringNumber(params.Offset, 'Offset', { fallback: 0 });
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

    async ModifyBusinessRemarks({ params }, { app }) {
      await apps.modifyBusinessRemarks(app.appId, params.BusinessId, params.Remarks).catch(rethrowAsApiError);
      return 'ok';
    },
  });
}
