import { ApiError } from '../../errors/api-error.js';
import { publicStreamKey, type PublicStreamSpec } from '../../tasks/public-stream/public-stream-runner.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import { defineProvider, type Provider } from '../provider.js';
import { ALREADY_STARTED } from '../task-actions.js';
import { publicStreamSpec } from './public-stream-params.js';
import { publicStreamIndicators } from './public-stream-indicators.js';

/** Catalog "Public (WTN) streams": StartPushPublicStream, UpdatePublicStreamParam, StopPushPublicStream, ListRealTimePublicStreamInfo. */
export function publicStreamProvider(tasks: TaskEngine): Provider<'public-stream'> {
  return defineProvider('public-stream', {
    StartPushPublicStream: async ({ params, version }, { app }) => {
      const key = publicStreamKey(app.appId, params.PublicStreamId);
      const outcome = await tasks.start('public-stream', key, {
        businessId: params.BusinessId ?? '',
        apiVersion: version,
        spec: publicStreamSpec(params),
      });
      if (outcome === 'started') return 'ok';
      if (version === '2023-11-01') return ALREADY_STARTED;
      throw new ApiError('InvalidParameter.TaskAlreadyExists', `public stream ${key.taskId} is running`);
    },

    UpdatePublicStreamParam: async ({ params }, { app }) => {
      await tasks.update('public-stream', publicStreamKey(app.appId, params.PublicStreamId), (spec) => {
        const previous = spec as PublicStreamSpec;
        const next = publicStreamSpec(params, previous);
        if (next.roomId !== previous.roomId) {
          throw new ApiError('InvalidParameter', `TargetStreams must stay in room ${previous.roomId}`);
        }
        return next;
      });
      return 'ok';
    },

    StopPushPublicStream: async ({ params }, { app }) => {
      await tasks.stop('public-stream', publicStreamKey(app.appId, params.PublicStreamId));
      return 'ok';
    },

    ListRealTimePublicStreamInfo: ({ params }, { app }) =>
      publicStreamIndicators(tasks.store, app.appId, params, Date.now()),
  });
}
