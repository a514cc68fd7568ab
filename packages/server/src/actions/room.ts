import { isIP } from 'node:net';
import { ApiError } from '../errors/api-error.js';
import {
  optionalBoolean,
  optionalId,
  optionalInteger,
  optionalString,
  requiredId,
  requiredString,
  statusResult,
} from '../rooms/action-params.js';
import { PresenceError } from '../rooms/presence-error.js';
import type { RoomService } from '../rooms/room-service.js';
import type { BannableMedia } from '../rooms/stream-bans.js';
import type { ActionContext, ActionHandlers } from './action-handler.js';

/** BanRoomUser / UpdateBanRoomUserRule: {0, [10, 604800]} s; values in between are raised or lowered (catalog). */
function banInterval(params: Record<string, unknown>): number {
  const v = optionalInteger(params, 'ForbiddenInterval') ?? 0;
  if (v < 0) throw new ApiError('InvalidParameter', 'ForbiddenInterval must be 0 or from 10 to 604800 seconds');
  return v === 0 ? 0 : Math.min(Math.max(v, 10), 604_800);
}

/** BanUserStream 2023-11-01: 0/empty = until UnbanUserStream; (0, 10) raised to 10; above 259200 lowered. */
function streamBanInterval(params: Record<string, unknown>): number | undefined {
  const v = optionalInteger(params, 'ForbiddenInterval');
  if (v === undefined || v === 0) return undefined;
  if (v < 0) throw new ApiError('InvalidParameter', 'ForbiddenInterval must be 0 or from 10 to 259200 seconds');
  return Math.min(Math.max(v, 10), 259_200);
}

/** The target of a ban rule; at least one of RoomId, UserId and (2023-11-01) IP. */
function banTarget(params: Record<string, unknown>, withIp: boolean) {
  const appId = requiredString(params, 'AppId');
  const roomId = optionalId(params, 'RoomId') ?? '';
  const userId = optionalId(params, 'UserId') ?? '';
  const ip = withIp ? (optionalString(params, 'IP') ?? '') : '';
  if (ip !== '' && isIP(ip) === 0) throw new ApiError('InvalidParameter', 'IP must be an IPv4 or IPv6 address');
  if (ip !== '' && (roomId !== '' || userId !== '')) {
    throw new ApiError(
      'InvalidParameter',
      'IP bans every user from an address; do not combine it with RoomId or UserId',
    );
  }
  if (roomId === '' && userId === '' && ip === '') {
    throw new ApiError('MissingParameter', `one of RoomId, UserId${withIp ? ' or IP' : ''} is required`);
  }
  return { appId, roomId, userId, ip };
}

/**
 * The 2020-12-01 stream actions name the target by its join token: it must be a token of this app for that user
 * in that room (expired is fine; the user may still be in the room).
 */
async function checkTargetToken(rooms: RoomService, params: Record<string, unknown>, ctx: ActionContext) {
  if (ctx.spec.version !== '2020-12-01') return;
  const token = requiredString(params, 'Token');
  await checkNamedToken(
    rooms,
    requiredString(params, 'AppId'),
    requiredId(params, 'RoomId'),
    requiredId(params, 'UserId'),
    token,
  );
}

/** A token given as a parameter: a join token of the app for that user in that room, expired or not. */
async function checkNamedToken(rooms: RoomService, appId: string, roomId: string, userId: string, token: string) {
  try {
    await rooms.checkToken(appId, roomId, userId, token, true);
  } catch (e) {
    if (e instanceof PresenceError) {
      throw new ApiError(
        'InvalidParameter',
        `Token is not a join token of UserId in RoomId for this AppId: ${e.message}`,
      );
    }
    throw e;
  }
}

function mediaFlags(params: Record<string, unknown>): BannableMedia[] {
  const media: BannableMedia[] = [];
  if (optionalBoolean(params, 'Audio') === true) media.push('audio');
  if (optionalBoolean(params, 'Video') === true) media.push('video');
  return media;
}

/** The room management actions (catalog "Room management"), acting on live presence. */
export function roomHandlers(rooms: RoomService): ActionHandlers {
  return {
    KickUser: (params, ctx) => {
      rooms.kick(requiredString(params, 'AppId'), requiredId(params, 'RoomId'), requiredId(params, 'UserId'));
      return statusResult(ctx.spec.version, 'success');
    },

    DismissRoom: (params, ctx) => {
      rooms.dismiss(requiredString(params, 'AppId'), requiredId(params, 'RoomId'));
      return statusResult(ctx.spec.version, 'success');
    },

    BanRoomUser: (params, ctx) => {
      const target = banTarget(params, ctx.spec.version !== '2020-12-01');
      const { alreadyBanned } = rooms.ban(target, banInterval(params));
      // Catalog 1.1: banning a room that is banned already is not an error; the Result says so.
      const roomBan = target.roomId !== '' && target.userId === '';
      return statusResult(ctx.spec.version, alreadyBanned && roomBan ? 'Room has been banned' : 'success');
    },

    UpdateBanRoomUserRule: (params, ctx) => {
      rooms.updateBan(banTarget(params, false), banInterval(params));
      return statusResult(ctx.spec.version, 'success');
    },

    BanUserStream: async (params, ctx) => {
      await checkTargetToken(rooms, params, ctx);
      const interval = ctx.spec.version === '2020-12-01' ? undefined : streamBanInterval(params);
      rooms.banStream(
        requiredString(params, 'AppId'),
        requiredId(params, 'RoomId'),
        requiredId(params, 'UserId'),
        mediaFlags(params),
        interval,
      );
      return statusResult(ctx.spec.version, 'success');
    },

    UnbanUserStream: async (params, ctx) => {
      await checkTargetToken(rooms, params, ctx);
      rooms.unbanStream(
        requiredString(params, 'AppId'),
        requiredId(params, 'RoomId'),
        requiredId(params, 'UserId'),
        mediaFlags(params),
      );
      return statusResult(ctx.spec.version, 'success');
    },

    LimitTokenPrivilege: async (params) => {
      const appId = requiredString(params, 'AppId');
      const roomId = requiredId(params, 'RoomId');
      const userId = requiredId(params, 'UserId');
      const token = requiredString(params, 'Token');
      const asked = optionalInteger(params, 'ForbiddenInterval');
      if (asked === undefined) throw new ApiError('MissingParameter', 'ForbiddenInterval is required');
      if (asked <= 0) throw new ApiError('InvalidParameter', 'ForbiddenInterval must be from 60 to 259200 seconds');
      const interval = Math.min(Math.max(asked, 60), 259_200);
      await checkNamedToken(rooms, appId, roomId, userId, token);
      const until = rooms.limitToken(appId, roomId, userId, token, interval);
      return { EndTime: Math.floor(until / 1000), Message: 'Success' };
    },

    GetRoomOnlineUsers: (params) => {
      const room = rooms.room(requiredString(params, 'AppId'), requiredId(params, 'RoomId'));
      if (!room) return { RoomExists: false };
      const visible: string[] = [];
      const invisible: string[] = [];
      for (const m of room.members.values()) (m.visible ? visible : invisible).push(m.userId);
      const total = visible.length + invisible.length;
      // Catalog: TotalInvisibleUser (and the list) count up to 10000.
      let visibleList = visible;
      let invisibleList = invisible.slice(0, 10_000);
      if (optionalBoolean(params, 'Property') === true) {
        const role = optionalInteger(params, 'RoleType') ?? 0;
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
  };
}
