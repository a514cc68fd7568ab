import { isValidId } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';
import {
  optionalBoolean,
  optionalId,
  optionalInteger,
  optionalString,
  requiredId,
  requiredString,
} from '../rooms/action-params.js';
import { DAY_MS, HOUR_MS, paging, queryWindow } from '../usage/query-window.js';
import type { UsageQueries } from '../usage/usage-queries.js';
import type { ActionHandlers } from './action-handler.js';

/** A comma-separated UserId list of at most `max` ids. */
function userIdList(value: string | undefined, max: number): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length > max) throw new ApiError('InvalidParameter', `UserId lists ${ids.length} users; at most ${max}`);
  ids.forEach((id, i) => {
    if (!isValidId(id))
      throw new ApiError('InvalidParameter', `UserId item ${i + 1} must match [a-zA-Z0-9_@.-]{1,128}`);
  });
  return ids;
}

/**
 * The usage actions of catalog "Data, quality and usage queries" that the session records can answer, with the
 * documented windows: ListRoomInfo 24 h / 14 d look-back, ListUserInfo 6 h / 14 d, ListCallDetail 1 h / 6 d,
 * ListUsages 30 d.
 */
export function usageQueryHandlers(queries: UsageQueries, now: () => number): ActionHandlers {
  return {
    ListRoomInfo: (params) => {
      const w = queryWindow(params, { maxSpanMs: 24 * HOUR_MS, lookBackMs: 14 * DAY_MS }, now());
      return queries.roomInfo(requiredString(params, 'AppId'), optionalId(params, 'RoomId'), w, paging(params));
    },

    ListUserInfo: (params) => {
      const w = queryWindow(params, { maxSpanMs: 6 * HOUR_MS, lookBackMs: 14 * DAY_MS }, now());
      const userIds = userIdList(optionalString(params, 'UserId'), 10);
      return queries.userInfo(
        requiredString(params, 'AppId'),
        {
          ...(optionalId(params, 'RoomId') !== undefined && { roomId: optionalId(params, 'RoomId') }),
          ...(userIds && { userIds }),
          excludeServerUser: optionalBoolean(params, 'ExcludeServerUser') ?? true,
        },
        w,
        paging(params),
      );
    },

    ListCallDetail: (params) => {
      const w = queryWindow(params, { maxSpanMs: HOUR_MS, lookBackMs: 6 * DAY_MS }, now());
      const userIds = userIdList(requiredString(params, 'UserId'), 20) ?? [];
      const direction = optionalString(params, 'Direction') ?? '0';
      if (!['0', '1', '2'].includes(direction))
        throw new ApiError('InvalidParameter', 'Direction must be "0", "1" or "2"');
      return queries.callDetail(requiredString(params, 'AppId'), requiredId(params, 'RoomId'), userIds, direction, w);
    },

    ListUsages: (params) => {
      const w = queryWindow(params, { maxSpanMs: 30 * DAY_MS }, now());
      return queries.usages(requiredString(params, 'AppId'), w);
    },

    ListRooms: (params) => {
      const offsetText = optionalString(params, 'Offset') ?? '0';
      if (!/^\d+$/.test(offsetText)) throw new ApiError('InvalidParameter', 'Offset must be a non-negative integer');
      const limit = optionalInteger(params, 'Limit') ?? 20;
      if (limit < 1) throw new ApiError('InvalidParameter', 'Limit must be 1 or more');
      return queries.rooms(
        requiredString(params, 'AppId'),
        optionalId(params, 'RoomId'),
        optionalInteger(params, 'Reverse') === 1,
        Number(offsetText),
        Math.min(limit, 100),
      );
    },
  };
}
