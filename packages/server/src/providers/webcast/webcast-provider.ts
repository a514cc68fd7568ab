import { ApiError } from '../../errors/api-error.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import type { WebcastSpec } from '../../tasks/webcast/webcast-spec.js';
import { defineProvider, type Provider } from '../provider.js';
import { ALREADY_STARTED } from '../task-actions.js';
import { taskState } from '../task-actions.js';

interface StartWebcastParams {
  UserId: string;
  SourceURL: string;
  MaxRunningTime?: number;
  VideoSolutions?: { Width?: number; Height?: number; FrameRate?: number; Bitrate?: number }[];
  EventNotifyConfig?: { EnableEventNotify?: boolean; StartTimeout?: number };
  MonitorConfig?: { BlankCheckInterval?: number; FreezeCheckInterval?: number; CrashCheckInterval?: number };
}

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/** StartWebcast read into a spec: an http(s) page, at most two video solutions (research 3.6). */
export function webcastSpec(params: StartWebcastParams): WebcastSpec {
  let url: URL | undefined;
  try {
    url = new URL(params.SourceURL);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid('SourceURL must be an http(s) URL of the page to cast');
  }
  const solutions = params.VideoSolutions ?? [];
  if (solutions.length > 2) throw invalid('VideoSolutions has at most 2 entries');
  return {
    userId: params.UserId,
    sourceUrl: params.SourceURL,
    maxRunningSeconds: params.MaxRunningTime ?? 86_400,
    videoSolutions: (solutions.length > 0 ? solutions : [{}]).map((s) => ({
      Width: s.Width ?? 1280,
      Height: s.Height ?? 720,
      FrameRate: s.FrameRate ?? 15,
      Bitrate: s.Bitrate ?? 0,
    })),
    eventNotify: {
      EnableEventNotify: params.EventNotifyConfig?.EnableEventNotify ?? false,
      StartTimeout: params.EventNotifyConfig?.StartTimeout ?? 0,
    },
    monitor: {
      BlankCheckInterval: params.MonitorConfig?.BlankCheckInterval ?? 0,
      FreezeCheckInterval: params.MonitorConfig?.FreezeCheckInterval ?? 0,
      CrashCheckInterval: params.MonitorConfig?.CrashCheckInterval ?? 0,
    },
  };
}

/** Catalog "Webcast": StartWebcast, StopWebcast, GetWebCastTask on the task engine. */
export function webcastProvider(tasks: TaskEngine): Provider<'webcast'> {
  return defineProvider('webcast', {
    StartWebcast: async ({ params, version }, { app }) => {
      const key = { appId: app.appId, roomId: params.RoomId, taskId: params.TaskId };
      const outcome = await tasks.start('webcast', key, {
        businessId: params.BusinessId ?? '',
        apiVersion: version,
        spec: webcastSpec(params),
      });
      if (outcome === 'started') return 'ok';
      if (version === '2023-11-01') return ALREADY_STARTED;
      throw new ApiError('InvalidParameter.TaskAlreadyExists', `task ${key.taskId} is running in room ${key.roomId}`);
    },

    StopWebcast: async ({ params }, { app }) => {
      await tasks.stop('webcast', { appId: app.appId, roomId: params.RoomId, taskId: params.TaskId });
      return 'ok';
    },

    GetWebCastTask: ({ params }, { app }) => {
      const key = { appId: app.appId, roomId: params.RoomId, taskId: params.TaskId };
      const row = tasks.get('webcast', key);
      if (!row) {
        throw new ApiError(
          'InvalidParameter.ErrorActiveTaskNotFound',
          `no webcast task ${key.taskId} in room ${key.roomId} of app ${key.appId}`,
        );
      }
      const spec = row.spec as WebcastSpec;
      return {
        WebCastTask: {
          ...taskState(row),
          SourceURL: spec.sourceUrl,
          UserId: spec.userId,
          MaxRunningTime: spec.maxRunningSeconds,
          VideoSolutions: spec.videoSolutions,
          EventNotifyConfig: spec.eventNotify,
          MonitorConfig: spec.monitor,
        },
      };
    },
  });
}
