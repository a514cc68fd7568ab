import { PRESENCE_MAX_MESSAGE_BYTES } from '@rtc-openapi/api';
import { ApiError } from '../../errors/api-error.js';
import type { RoomService } from '../../rooms/room-service.js';
import type { Member } from '../../rooms/room-state.js';
import { defineProvider, type Provider } from '../provider.js';
import { BATCH_MAX_RECIPIENTS, BATCH_MESSAGE_LIMIT_BYTES, messagePayload } from './message-payload.js';

const ok = { Message: 'success' };

/** The catalog: From must not be the id of a real user in the room (clients could not tell the two apart). */
function checkFromNotInRoom(members: ReadonlyMap<string, Member> | undefined, from: string): void {
  if (members?.has(from)) throw new ApiError('InvalidParameter.IllegalFrom', `From ${from} is a user in the room`);
}

/**
 * Messages from the business server to connected clients. A recipient who is not connected answers
 * InvalidParameter.IllegalTo: nothing is queued for later, so a success always means delivered to a socket.
 */
export function messagingProvider(rooms: RoomService): Provider<'messaging'> {
  return defineProvider('messaging', {
    SendUnicast: ({ params }, { app }) => {
      const body = messagePayload(params, PRESENCE_MAX_MESSAGE_BYTES);
      if (rooms.memberships(app.appId, params.From).length > 0) {
        throw new ApiError('InvalidParameter.IllegalFrom', `From ${params.From} is a connected user of this app`);
      }
      const delivered = rooms.deliverServerMessage(
        rooms.memberships(app.appId, params.To),
        'unicast',
        params.From,
        body,
      );
      if (delivered === 0) throw new ApiError('InvalidParameter.IllegalTo', `user ${params.To} is not connected`);
      return ok;
    },

    SendRoomUnicast: ({ params }, { app }) => {
      const room = rooms.room(app.appId, params.RoomId);
      const body = messagePayload(params, PRESENCE_MAX_MESSAGE_BYTES);
      checkFromNotInRoom(room?.members, params.From);
      const target = room?.members.get(params.To);
      if (!target || rooms.deliverServerMessage([target], 'roomUnicast', params.From, body) === 0) {
        throw new ApiError('InvalidParameter.IllegalTo', `user ${params.To} is not connected to room ${params.RoomId}`);
      }
      return ok;
    },

    SendBroadcast: ({ params }, { app }) => {
      const room = rooms.room(app.appId, params.RoomId);
      const body = messagePayload(params, PRESENCE_MAX_MESSAGE_BYTES);
      checkFromNotInRoom(room?.members, params.From);
      if (!room || rooms.deliverServerMessage(room.members.values(), 'broadcast', params.From, body) === 0) {
        throw new ApiError('InvalidParameter', `nobody is connected to room ${params.RoomId}`);
      }
      return ok;
    },

    BatchSendRoomUnicast: ({ params }, { app }) => {
      const room = rooms.room(app.appId, params.RoomId);
      if (params.To.length === 0) throw new ApiError('MissingParameter', 'To is required');
      if (params.To.length > BATCH_MAX_RECIPIENTS) {
        throw new ApiError(
          'InvalidParameter.UserCountOverLimit',
          `To lists ${params.To.length} users; at most ${BATCH_MAX_RECIPIENTS}`,
        );
      }
      const body = messagePayload(params, BATCH_MESSAGE_LIMIT_BYTES);
      checkFromNotInRoom(room?.members, params.From);
      const to = new Set(params.To);
      const targets = room ? [...to].flatMap((u) => room.members.get(u) ?? []) : [];
      // Delivered to whoever of the list is connected; an error only when that is nobody.
      if (rooms.deliverServerMessage(targets, 'roomUnicast', params.From, body) === 0) {
        throw new ApiError(
          'InvalidParameter.IllegalTo',
          `none of the users in To is connected to room ${params.RoomId}`,
        );
      }
      return ok;
    },
  });
}
