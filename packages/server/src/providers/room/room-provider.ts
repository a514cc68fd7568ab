import { ApiError } from '../../errors/api-error.js';
import type { RoomService } from '../../rooms/room-service.js';
import { defineProvider, type Provider } from '../provider.js';
import {
  banInterval,
  banTarget,
  checkNamedToken,
  mediaFlags,
  statusResult,
  streamBanInterval,
} from './room-actions-rules.js';

/** Catalog "Room management": kicks, bans and the online list, acting on live presence. */
export function roomProvider(rooms: RoomService): Provider<'room'> {
  return defineProvider('room', {
    KickUser: ({ version, params }, { app }) => {
      rooms.kick(app.appId, params.RoomId, params.UserId);
      return statusResult(version, 'success');
    },

    DismissRoom: ({ version, params }, { app }) => {
      rooms.dismiss(app.appId, params.RoomId);
      return statusResult(version, 'success');
    },

    BanRoomUser: (call, { app }) => {
      const target = banTarget(app.appId, call.params, call.version !== '2020-12-01');
      const { alreadyBanned } = rooms.ban(target, banInterval(call.params.ForbiddenInterval));
      // Catalog 1.1: banning a room that is banned already is not an error; the Result says so.
      const roomBan = target.roomId !== '' && target.userId === '';
      return statusResult(call.version, alreadyBanned && roomBan ? 'Room has been banned' : 'success');
    },

    UpdateBanRoomUserRule: ({ version, params }, { app }) => {
      rooms.updateBan(banTarget(app.appId, params, false), banInterval(params.ForbiddenInterval));
      return statusResult(version, 'success');
    },

    BanUserStream: async (call, { app }) => {
      const target = { appId: app.appId, roomId: call.params.RoomId, userId: call.params.UserId };
      // The 2020-12-01 version names the target by its join token as well.
      if (call.version === '2020-12-01') await checkNamedToken(rooms, target, call.params.Token);
      const interval = call.version === '2020-12-01' ? undefined : streamBanInterval(call.params.ForbiddenInterval);
      rooms.banStream(target.appId, target.roomId, target.userId, mediaFlags(call.params), interval);
      return statusResult(call.version, 'success');
    },

    UnbanUserStream: async (call, { app }) => {
      const target = { appId: app.appId, roomId: call.params.RoomId, userId: call.params.UserId };
      if (call.version === '2020-12-01') await checkNamedToken(rooms, target, call.params.Token);
      rooms.unbanStream(target.appId, target.roomId, target.userId, mediaFlags(call.params));
      return statusResult(call.version, 'success');
    },

    LimitTokenPrivilege: async ({ params }, { app }) => {
      const target = { appId: app.appId, roomId: params.RoomId, userId: params.UserId };
      await checkNamedToken(rooms, target, params.Token);
      // The schema holds ForbiddenInterval to the catalog's [60, 259200] s.
      const until = rooms.limitToken(
        target.appId,
        target.roomId,
        target.userId,
        params.Token,
        params.ForbiddenInterval,
      );
      return { EndTime: Math.floor(until / 1000), Message: 'Success' };
    },

    GetRoomOnlineUsers: (call, { app }) => {
      const room = rooms.room(app.appId, call.params.RoomId);
      if (!room) return { RoomExists: false };
      const visible: string[] = [];
      const invisible: string[] = [];
      for (const m of room.members.values()) (m.visible ? visible : invisible).push(m.userId);
      const total = visible.length + invisible.length;
      // Catalog: TotalInvisibleUser (and the list) count up to 10000.
      let visibleList = visible;
      let invisibleList = invisible.slice(0, 10_000);
      if (call.version === '2023-11-01' && call.params.Property === true) {
        const role = call.params.RoleType ?? 0;
        if (role === 1) invisibleList = [];
        else if (role === 2) visibleList = [];
        else if (role === 0) {
          // Property=true, RoleType 0: visible and invisible together capped at 200, visible first.
          visibleList = visible.slice(0, 200);
          invisibleList = invisible.slice(0, 200 - visibleList.length);
        } else throw new ApiError('InvalidParameter', 'RoleType must be 0, 1 or 2');
      }
      return {
        RoomExists: true,
        TotalUser: total,
        TotalInvisibleUser: Math.min(invisible.length, 10_000),
        VisibleUserList: visibleList,
        InvisibleUserList: invisibleList,
      };
    },
  });
}
