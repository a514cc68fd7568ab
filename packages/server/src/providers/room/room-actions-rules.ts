import { isIP } from 'node:net';
import type { BannableMedia } from '@rtc-openapi/api';
import { ApiError } from '../../errors/api-error.js';
import { PresenceError } from '../../rooms/presence-error.js';
import type { RoomService } from '../../rooms/room-service.js';

/** The status result of a room action: `message` (lower case) in 2020-12-01, `Message` later (catalog 1.3). */
export function statusResult<V extends string>(version: V, text: string): StatusResult<V> {
  return (version === '2020-12-01' ? { message: text } : { Message: text }) as StatusResult<V>;
}

type StatusResult<V extends string> = V extends '2020-12-01' ? { message: string } : { Message: string };

/** BanRoomUser / UpdateBanRoomUserRule: {0, [10, 604800]} s; values in between are raised or lowered (catalog). */
export function banInterval(asked: number | undefined): number {
  const v = asked ?? 0;
  if (v < 0) throw new ApiError('InvalidParameter', 'ForbiddenInterval must be 0 or from 10 to 604800 seconds');
  return v === 0 ? 0 : Math.min(Math.max(v, 10), 604_800);
}

/** BanUserStream 2023-11-01: 0 or absent = until UnbanUserStream; (0, 10) raised to 10; above 259200 lowered. */
export function streamBanInterval(asked: number | undefined): number | undefined {
  if (asked === undefined || asked === 0) return undefined;
  if (asked < 0) throw new ApiError('InvalidParameter', 'ForbiddenInterval must be 0 or from 10 to 259200 seconds');
  return Math.min(Math.max(asked, 10), 259_200);
}

/** The target of a ban rule: at least one of RoomId, UserId and (2023-11-01) IP; an IP stands alone. */
export function banTarget(
  appId: string,
  params: { RoomId?: string; UserId?: string; IP?: string },
  withIp: boolean,
): { appId: string; roomId: string; userId: string; ip: string } {
  const roomId = params.RoomId ?? '';
  const userId = params.UserId ?? '';
  const ip = params.IP ?? '';
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

/** The media a stream ban names. */
export function mediaFlags(params: { Audio?: boolean; Video?: boolean }): BannableMedia[] {
  const media: BannableMedia[] = [];
  if (params.Audio === true) media.push('audio');
  if (params.Video === true) media.push('video');
  return media;
}

/** A token given as a parameter: a join token of the app for that user in that room, expired or not. */
export async function checkNamedToken(
  rooms: RoomService,
  target: { appId: string; roomId: string; userId: string },
  token: string,
): Promise<void> {
  try {
    await rooms.checkToken(target.appId, target.roomId, target.userId, token, true);
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
