import { ApiError } from '../../errors/api-error.js';
import { DAY_MS, HOUR_MS, paging, queryWindow } from '../../usage/query-window.js';
import type { UsageQueries } from '../../usage/usage-queries.js';
import { defineProvider, type Provider } from '../provider.js';
import { operationHandlers } from './operation-handlers.js';
import { postProcessingHandler } from './post-processing-handler.js';
import { qualityHandlers } from './quality-handlers.js';

/**
 * The actions of catalog "Data, quality and usage queries", all answered from the session records. Here the session
 * lists with their documented windows: ListRoomInfo 24 h / 14 d look-back, ListUserInfo 6 h / 14 d (UserId names
 * one user: the catalog's ID rule holds it to one id), ListCallDetail 1 h / 6 d, ListUsages 30 d. The quality and
 * operation series are in quality-handlers.ts and operation-handlers.ts (docs/data-and-tail.md).
 */
export function usageProvider(queries: UsageQueries, now: () => number): Provider<'data-quality-usage'> {
  return defineProvider('data-quality-usage', {
    ...qualityHandlers(queries, now),
    ...operationHandlers(queries, now),
    GetRealtimePostProcessing: postProcessingHandler(queries),

    ListRoomInfo: ({ params }, { app }) => {
      const w = queryWindow(params, { maxSpanMs: 24 * HOUR_MS, lookBackMs: 14 * DAY_MS }, now());
      return queries.roomInfo(app.appId, params.RoomId, w, paging(params));
    },

    ListUserInfo: ({ params }, { app }) => {
      const w = queryWindow(params, { maxSpanMs: 6 * HOUR_MS, lookBackMs: 14 * DAY_MS }, now());
      const filter = {
        ...(params.RoomId !== undefined && { roomId: params.RoomId }),
        ...(params.UserId !== undefined && { userIds: [params.UserId] }),
        excludeServerUser: params.ExcludeServerUser ?? true,
      };
      return queries.userInfo(app.appId, filter, w, paging(params));
    },

    ListCallDetail: ({ params }, { app }) => {
      const w = queryWindow(params, { maxSpanMs: HOUR_MS, lookBackMs: 6 * DAY_MS }, now());
      const direction = params.Direction || '0';
      if (!['0', '1', '2'].includes(direction)) {
        throw new ApiError('InvalidParameter', 'Direction must be "0", "1" or "2"');
      }
      return queries.callDetail(app.appId, params.RoomId, [params.UserId], direction, w);
    },

    ListUsages: ({ params }, { app }) => {
      // The 2020-12-01 schema marks every field optional; the query cannot be answered without them.
      if (app === undefined) throw new ApiError('MissingParameter', 'AppId is required');
      const window = { StartTime: params.StartTime ?? '', EndTime: params.EndTime ?? '' };
      return queries.usages(app.appId, queryWindow(window, { maxSpanMs: 30 * DAY_MS }, now()));
    },

    ListRooms: ({ params }, { app }) => {
      const offsetText = params.Offset || '0';
      if (!/^\d+$/.test(offsetText)) throw new ApiError('InvalidParameter', 'Offset must be a non-negative integer');
      const limit = params.Limit ?? 20;
      if (limit < 1) throw new ApiError('InvalidParameter', 'Limit must be 1 or more');
      return queries.rooms(app.appId, params.RoomId, params.Reverse === 1, Number(offsetText), Math.min(limit, 100));
    },
  });
}
