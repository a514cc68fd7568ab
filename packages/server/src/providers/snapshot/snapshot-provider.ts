import type { SnapshotSpec } from '../../tasks/snapshot/snapshot-spec.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import { defineProvider, type Provider } from '../provider.js';
import { existingTask, startTask, targetStreamsOf, taskKey, taskState } from '../task-actions.js';
import { imageConfigOf, snapshotSpec, updatedSnapshotSpec } from './snapshot-params.js';

/** Catalog "Snapshot": StartSnapshot, UpdateSnapshot, StopSnapshot and GetSnapshotTask on the task engine. */
export function snapshotProvider(tasks: TaskEngine): Provider<'snapshot'> {
  return defineProvider('snapshot', {
    StartSnapshot: ({ version, params }, { app }) =>
      startTask(tasks, 'snapshot', taskKey(app.appId, params), {
        businessId: params.BusinessId ?? '',
        apiVersion: version,
        spec: snapshotSpec(params),
      }),

    UpdateSnapshot: async ({ params }, { app }) => {
      await tasks.update('snapshot', taskKey(app.appId, params), (spec) =>
        updatedSnapshotSpec(spec as SnapshotSpec, params),
      );
      return 'ok';
    },

    StopSnapshot: async ({ params }, { app }) => {
      await tasks.stop('snapshot', taskKey(app.appId, params));
      return 'ok';
    },

    GetSnapshotTask: ({ params }, { app }) => {
      const row = existingTask(tasks, 'snapshot', taskKey(app.appId, params));
      const spec = row.spec as SnapshotSpec;
      return {
        SnapshotTask: {
          ...taskState(row),
          ImageConfig: imageConfigOf(spec.image),
          MaxIdleTime: spec.maxIdleSeconds,
          StorageConfig: spec.storageEcho,
          TargetStreams: targetStreamsOf(spec.targets),
        },
      };
    },
  });
}
