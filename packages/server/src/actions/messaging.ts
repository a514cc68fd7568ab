import { isValidId } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';
import { requiredString } from '../rooms/action-params.js';
import { isBase64, MAX_CLIENT_MESSAGE_BYTES } from '../rooms/presence-frames.js';
import type { RoomService } from '../rooms/room-service.js';
import type { Member } from '../rooms/room-state.js';
import type { ActionHandlers } from './action-handler.js';

/**
 * Catalog "Server-side real-time messaging": 64 KB per message (the same limit as a client's `send`,
 * MAX_CLIENT_MESSAGE_BYTES), 20 KB and 600 recipients for the batch.
 */
export const BATCH_MESSAGE_LIMIT_BYTES = 20 * 1024;
export const BATCH_MAX_RECIPIENTS = 600;

type Payload = { text: string } | { binary: string };

/** The Message as sent to clients, after the Binary and size rules (binary size = decoded bytes). */
function payload(params: Record<string, unknown>, limit: number): Payload {
  const message = params.Message;
  if (typeof message !== 'string' || message === '') throw new ApiError('MissingParameter', 'Message is required');
  const binary = params.Binary;
  if (typeof binary !== 'boolean') throw new ApiError('InvalidParameter', 'Binary must be a boolean');
  if (binary && !isBase64(message)) {
    throw new ApiError('InvalidParameter', 'Message must be base64 when Binary is true');
  }
  const size = binary ? Buffer.byteLength(message, 'base64') : Buffer.byteLength(message, 'utf8');
  if (size > limit) {
    throw new ApiError('InvalidParameter.SizeOverLimit', `Message is ${size} bytes; the limit is ${limit} bytes`);
  }
  return binary ? { binary: message } : { text: message };
}

function from(params: Record<string, unknown>): string {
  const v = params.From;
  if (!isValidId(v)) throw new ApiError('InvalidParameter.IllegalFrom', 'From must match [a-zA-Z0-9_@.-]{1,128}');
  return v;
}

function recipient(value: unknown, field: string): string {
  if (!isValidId(value)) throw new ApiError('InvalidParameter.IllegalTo', `${field} must match [a-zA-Z0-9_@.-]{1,128}`);
  return value;
}

const ok = { Message: 'success' };

/**
 * Messages from the business server to connected clients. A recipient who is not connected answers
 * InvalidParameter.IllegalTo: nothing is queued for later, so a success always means delivered to a socket.
 */
export function messagingHandlers(rooms: RoomService): ActionHandlers {
  const roomOf = (params: Record<string, unknown>) => {
    const appId = requiredString(params, 'AppId');
    const roomId = requiredString(params, 'RoomId');
    return { appId, roomId, room: rooms.room(appId, roomId) };
  };
  const checkFromInRoom = (members: ReadonlyMap<string, Member> | undefined, sender: string): void => {
    // The catalog: From must not be the id of a real user (clients could not tell the two apart).
    if (members?.has(sender))
      throw new ApiError('InvalidParameter.IllegalFrom', `From ${sender} is a user in the room`);
  };

  return {
    SendUnicast: (params) => {
      const appId = requiredString(params, 'AppId');
      const sender = from(params);
      const to = recipient(params.To, 'To');
      const body = payload(params, MAX_CLIENT_MESSAGE_BYTES);
      if (rooms.memberships(appId, sender).length > 0) {
        throw new ApiError('InvalidParameter.IllegalFrom', `From ${sender} is a connected user of this app`);
      }
      const delivered = rooms.deliverServerMessage(rooms.memberships(appId, to), 'unicast', sender, body);
      if (delivered === 0) throw new ApiError('InvalidParameter.IllegalTo', `user ${to} is not connected`);
      return ok;
    },

    SendRoomUnicast: (params) => {
      const { roomId, room } = roomOf(params);
      const sender = from(params);
      const to = recipient(params.To, 'To');
      const body = payload(params, MAX_CLIENT_MESSAGE_BYTES);
      checkFromInRoom(room?.members, sender);
      const target = room?.members.get(to);
      if (!target || rooms.deliverServerMessage([target], 'roomUnicast', sender, body) === 0) {
        throw new ApiError('InvalidParameter.IllegalTo', `user ${to} is not connected to room ${roomId}`);
      }
      return ok;
    },

    SendBroadcast: (params) => {
      const { roomId, room } = roomOf(params);
      const sender = from(params);
      const body = payload(params, MAX_CLIENT_MESSAGE_BYTES);
      checkFromInRoom(room?.members, sender);
      if (!room || rooms.deliverServerMessage(room.members.values(), 'broadcast', sender, body) === 0) {
        throw new ApiError('InvalidParameter', `nobody is connected to room ${roomId}`);
      }
      return ok;
    },

    BatchSendRoomUnicast: (params) => {
      const { roomId, room } = roomOf(params);
      const sender = from(params);
      const list = params.To;
      if (!Array.isArray(list) || list.length === 0) throw new ApiError('MissingParameter', 'To is required');
      if (list.length > BATCH_MAX_RECIPIENTS) {
        throw new ApiError(
          'InvalidParameter.UserCountOverLimit',
          `To lists ${list.length} users; at most ${BATCH_MAX_RECIPIENTS}`,
        );
      }
      const to = [...new Set(list.map((v, i) => recipient(v, `To[${i}]`)))];
      const body = payload(params, BATCH_MESSAGE_LIMIT_BYTES);
      checkFromInRoom(room?.members, sender);
      const targets = room ? to.flatMap((u) => room.members.get(u) ?? []) : [];
      // Delivered to whoever of the list is connected; an error only when that is nobody.
      if (rooms.deliverServerMessage(targets, 'roomUnicast', sender, body) === 0) {
        throw new ApiError('InvalidParameter.IllegalTo', `none of the users in To is connected to room ${roomId}`);
      }
      return ok;
    },
  };
}
