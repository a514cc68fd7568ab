import { ApiError } from '../../errors/api-error.js';
import type { RecordingSpec } from '../../tasks/recording/recording-spec.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import type { TaskRow } from '../../tasks/task-model.js';
import { defineProvider, type Provider } from '../provider.js';
import { recordingSpec, updatedSpec } from './record-params.js';
import { webRecordHandlers } from './web-record-actions.js';
import { ALREADY_STARTED, taskKey, taskState } from '../task-actions.js';

/**
 * Catalog "Cloud recording": StartRecord, UpdateRecord, StopRecord and GetRecordTask on the task engine, and the
 * legacy web recording actions (web-record-actions.ts).
 */
export function recordingProvider(tasks: TaskEngine): Provider<'recording'> {
  return defineProvider('recording', {
    ...webRecordHandlers(tasks),
    StartRecord: async (call, { app }) => {
      if (!tasks.store.recordingEnabled(app.appId)) {
        throw new ApiError('AccessDenied.RecordNotEnabled', `cloud recording is not enabled for app ${app.appId}`);
      }
      const { params } = call;
      const spec =
        call.version === '2020-12-01'
          ? recordingSpec(call.params, call.params.RecordFileNamePattern)
          : recordingSpec(call.params);
      const key = taskKey(app.appId, params);
      const outcome = await tasks.start('record', key, {
        businessId: params.BusinessId ?? '',
        apiVersion: call.version,
        spec,
      });
      if (outcome === 'started') return 'ok';
      if (call.version === '2023-11-01') return ALREADY_STARTED;
      throw new ApiError('InvalidParameter.TaskAlreadyExists', `task ${key.taskId} is running in room ${key.roomId}`);
    },

    UpdateRecord: async ({ params }, { app }) => {
      await tasks.update('record', taskKey(app.appId, params), (spec, atMs) =>
        updatedSpec(spec as RecordingSpec, params, atMs),
      );
      return 'ok';
    },

    StopRecord: async ({ params }, { app }) => {
      await tasks.stop('record', taskKey(app.appId, params));
      return 'ok';
    },

    GetRecordTask: ({ params }, { app }) => {
      const key = taskKey(app.appId, params);
      const row = tasks.get('record', key);
      // The catalog is silent on an unknown TaskId here: the code that says "no such task" (docs/tasks.md).
      if (!row) {
        throw new ApiError(
          'InvalidParameter.ErrorActiveTaskNotFound',
          `no task ${key.taskId} in room ${key.roomId} of app ${key.appId}`,
        );
      }
      return { RecordTask: recordTask(row) };
    },
  });
}

/** GetRecordTask's RecordTask: EndTime and the files only once the task has ended. */
function recordTask(row: TaskRow) {
  return { ...taskState(row), RecordFileList: row.files };
}
