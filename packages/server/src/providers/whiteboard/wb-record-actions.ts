import { ApiError } from '../../errors/api-error.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import type { WbRecordSpec } from '../../tasks/wb-record/wb-record-spec.js';
import { httpUrlParam } from '../http-url-param.js';
import type { AreaHandlers } from '../provider.js';
import { startTask, taskKey } from '../task-actions.js';

/** The catalog's bound on SourceURL. */
const MAX_SOURCE_URL = 1024;

/**
 * StartWBRecord and StopWBRecord (both versions): a whiteboard recording is a task of the engine keyed by AppId +
 * RoomId + TaskId, like any recording (tasks/wb-record/, docs/data-and-tail.md). It obeys the app's recording switch.
 */
export function wbRecordHandlers(tasks: TaskEngine): AreaHandlers<'whiteboard'> {
  return {
    async StartWBRecord({ version, params }, { app }) {
      if (!tasks.store.recordingEnabled(app.appId)) {
        throw new ApiError('AccessDenied.RecordNotEnabled', `cloud recording is not enabled for app ${app.appId}`);
      }
      const spec: WbRecordSpec = { userId: params.UserId, sourceUrl: sourceUrlOf(params.SourceURL) };
      return startTask(tasks, 'wb-record', taskKey(app.appId, params), {
        businessId: params.BusinessId ?? '',
        apiVersion: version,
        spec,
      });
    },

    // UserId is the caller's (the docs: "the user calling the API"); it need not be the recorder's (our reading).
    async StopWBRecord({ params }, { app }) {
      await tasks.stop('wb-record', taskKey(app.appId, params));
      return 'ok';
    },
  };
}

/** SourceURL: absent or empty records the default board; otherwise an absolute http(s) URL of at most 1024. */
function sourceUrlOf(value: string | undefined): string {
  return value === undefined || value === '' ? '' : httpUrlParam(value, 'SourceURL', MAX_SOURCE_URL).href;
}
