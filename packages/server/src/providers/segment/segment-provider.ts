import type { SegmentSpec } from '../../tasks/segment/segment-spec.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import { defineProvider, type Provider } from '../provider.js';
import { existingTask, startTask, targetStreamsOf, taskKey, taskState } from '../task-actions.js';
import { controlOf, segmentSpec, updatedSegmentSpec } from './segment-params.js';

/** Catalog "Audio segment": StartSegment, UpdateSegment, StopSegment and GetSegmentTask on the task engine. */
export function segmentProvider(tasks: TaskEngine): Provider<'segment'> {
  return defineProvider('segment', {
    StartSegment: ({ version, params }, { app }) =>
      startTask(tasks, 'segment', taskKey(app.appId, params), {
        businessId: params.BusinessId ?? '',
        apiVersion: version,
        spec: segmentSpec(params, version),
      }),

    UpdateSegment: async ({ params }, { app }) => {
      await tasks.update('segment', taskKey(app.appId, params), (spec) =>
        updatedSegmentSpec(spec as SegmentSpec, params),
      );
      return 'ok';
    },

    StopSegment: async ({ params }, { app }) => {
      await tasks.stop('segment', taskKey(app.appId, params));
      return 'ok';
    },

    GetSegmentTask: ({ version, params }, { app }) => {
      const row = existingTask(tasks, 'segment', taskKey(app.appId, params));
      const spec = row.spec as SegmentSpec;
      return {
        SegmentTask: {
          ...taskState(row),
          Control: controlOf(spec, version),
          Duration: spec.durationSeconds,
          Handle: spec.handle,
          Identifier: spec.identifier,
          MaxIdleTime: spec.maxIdleSeconds,
          StorageConfig: spec.storageEcho,
          TargetStreams: targetStreamsOf(spec.targets),
        },
      };
    },
  });
}
