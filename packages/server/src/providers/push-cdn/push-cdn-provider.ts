import { ApiError } from '../../errors/api-error.js';
import type { PushRunner } from '../../tasks/push/push-runner.js';
import type { PushSpec } from '../../tasks/push/push-spec.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import type { TaskRow } from '../../tasks/task-model.js';
import { defineProvider, type Provider } from '../provider.js';
import { ALREADY_STARTED, taskKey } from '../task-actions.js';
import { mixedPushSpec, singlePushSpec, updatedPushSpec } from './push-params.js';
import { mixedPushTask, singlePushTask } from './push-task-view.js';

/** Catalog "Push to CDN": mixed and single pushes on the task engine, one task kind ('push'). */
export function pushCdnProvider(tasks: TaskEngine, pushes: PushRunner): Provider<'push-cdn'> {
  const start = async (
    appId: string,
    params: { RoomId: string; TaskId: string; BusinessId?: string },
    version: string,
    spec: PushSpec,
  ) => {
    const key = taskKey(appId, params);
    const outcome = await tasks.start('push', key, { businessId: params.BusinessId ?? '', apiVersion: version, spec });
    if (outcome === 'started') return 'ok';
    const running = tasks.get('push', key);
    const runningMode = (running?.spec as PushSpec | undefined)?.mode;
    if (runningMode !== spec.mode) {
      // Research 2: one TaskId never runs a mixed and a single push at once.
      throw new ApiError(
        'InvalidParameter.TaskAlreadyExists',
        `task ${key.taskId} is running in room ${key.roomId} as a ${runningMode} push; it cannot be a ${spec.mode} one too`,
      );
    }
    if (version !== '2023-11-01') {
      throw new ApiError('InvalidParameter.TaskAlreadyExists', `task ${key.taskId} is running in room ${key.roomId}`);
    }
    pushes.startedAgain(key);
    return ALREADY_STARTED;
  };

  return defineProvider('push-cdn', {
    StartPushMixedStreamToCDN: ({ params, version }, { app }) =>
      start(app.appId, params, version, mixedPushSpec(params)),

    StartPushSingleStreamToCDN: ({ params, version }, { app }) =>
      start(app.appId, params, version, singlePushSpec(params)),

    UpdatePushMixedStreamToCDN: async ({ params }, { app }) => {
      await tasks.update('push', taskKey(app.appId, params), (spec) => updatedPushSpec(spec as PushSpec, params));
      return 'ok';
    },

    StopPushStreamToCDN: async ({ params }, { app }) => {
      await tasks.stop('push', taskKey(app.appId, params));
      return 'ok';
    },

    GetPushMixedStreamToCDNTask: ({ params, version }, { app }) => {
      const row = pushRow(tasks, app.appId, params, 'mixed');
      return { PushMixedStreamToCDNTask: mixedPushTask(row, pushes.pushState(row), version) };
    },

    GetPushSingleStreamToCDNTask: ({ params }, { app }) => {
      const row = pushRow(tasks, app.appId, params, 'single');
      return { PushSingleStreamToCDNTask: singlePushTask(row, pushes.pushState(row)) };
    },
  });
}

/** The push task of that mode; an unknown one, or one of the other mode, is "no such task" (docs/tasks.md). */
function pushRow(
  tasks: TaskEngine,
  appId: string,
  params: { RoomId: string; TaskId?: string },
  mode: PushSpec['mode'],
): TaskRow {
  const key = { appId, roomId: params.RoomId, taskId: params.TaskId ?? '' };
  const row = tasks.get('push', key);
  if (!row || (row.spec as PushSpec).mode !== mode) {
    throw new ApiError(
      'InvalidParameter.ErrorActiveTaskNotFound',
      `no ${mode} push task ${key.taskId} in room ${key.roomId} of app ${appId}`,
    );
  }
  return row;
}
