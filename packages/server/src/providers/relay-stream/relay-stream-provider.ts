import { ApiError } from '../../errors/api-error.js';
import type { RoomService } from '../../rooms/room-service.js';
import type { RelayRunner } from '../../tasks/relay/relay-runner.js';
import type { RelaySpec } from '../../tasks/relay/relay-spec.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import type { TaskRow } from '../../tasks/task-model.js';
import { defineProvider, type Provider } from '../provider.js';
import { ALREADY_STARTED } from '../task-actions.js';
import { checkNamedToken } from '../room/room-actions-rules.js';
import { relaySpec } from './relay-params.js';

/** Catalog "Online media stream input": StartRelayStream, UpdateRelayStream, StopRelayStream, ListRelayStream. */
export function relayStreamProvider(
  tasks: TaskEngine,
  relays: RelayRunner,
  rooms: RoomService,
): Provider<'relay-stream'> {
  return defineProvider('relay-stream', {
    StartRelayStream: async ({ params, version }, { app }) => {
      const key = { appId: app.appId, roomId: params.RoomId, taskId: params.TaskId };
      // The relay's user joins with this token: it must be a join token of UserId in RoomId (research 3.2).
      await checkNamedToken(rooms, { appId: app.appId, roomId: params.RoomId, userId: params.UserId }, params.Token);
      const spec = relaySpec(params, Date.now());
      const outcome = await tasks.start('relay', key, {
        businessId: params.BusinessId ?? '',
        apiVersion: version,
        spec,
      });
      if (outcome === 'started') return 'ok';
      if (version === '2023-11-01') return ALREADY_STARTED;
      throw new ApiError('InvalidParameter.TaskAlreadyExists', `task ${key.taskId} is running in room ${key.roomId}`);
    },

    UpdateRelayStream: async ({ params }, { app }) => {
      const key = { appId: app.appId, roomId: params.RoomId, taskId: params.TaskId };
      await tasks.update('relay', key, (spec) => {
        const previous = spec as RelaySpec;
        return relaySpec(
          { UserId: previous.userId, MaxIdleTime: previous.maxIdleSeconds, Control: params.Control },
          previous.createdAt,
        );
      });
      return 'ok';
    },

    StopRelayStream: async ({ params }, { app }) => {
      await tasks.stop('relay', { appId: app.appId, roomId: params.RoomId, taskId: params.TaskId });
      return 'ok';
    },

    ListRelayStream: ({ params }, { app }) => {
      const offset = params.Offset ?? 0;
      const limit = params.Limit ?? 10;
      const rows = tasks.store
        .list({ appId: app.appId, offset: 0, limit: 10_000 })
        .rows.filter((r) => r.kind === 'relay' && r.roomId === params.RoomId)
        .sort((a, b) => createdAt(a) - createdAt(b));
      // Order 0: oldest first, 1: newest first (our reading of the catalog's 0/1).
      if (params.Order === 1) rows.reverse();
      return {
        Offset: offset,
        Limit: limit,
        Total: rows.length,
        Task: rows.slice(offset, offset + limit).map((row) => relayTask(row, relays)),
      };
    },
  });
}

const createdAt = (row: TaskRow): number => (row.spec as RelaySpec).createdAt;

/** ListRelayStream's Status: 1 starting, 2 running, 3 ended (ended or failed). */
function relayTask(row: TaskRow, relays: RelayRunner) {
  const spec = row.spec as RelaySpec;
  const status = row.phase === 'pending' ? 1 : row.phase === 'running' ? relays.status(row) : 3;
  return {
    AppId: row.appId,
    RoomId: row.roomId,
    TaskId: row.taskId,
    UserId: spec.userId,
    StreamUrl: spec.streamUrl,
    Status: status,
    CreateTime: Math.floor(spec.createdAt / 1000),
    MediaType: spec.mediaType,
    StreamMode: spec.streamMode,
    FrameRate: spec.frameRate,
    VideoWidth: spec.videoWidth,
    VideoHeight: spec.videoHeight,
  };
}
