import type { MediaFlags, PresenceLeaveReason, StreamName } from '@rtc-openapi/api';
import type { RoomEvent } from '../events/callback-outbox.js';
import { RoomEventType } from '../events/event-types.js';
import type { Member } from './room-state.js';

// The callback events of rooms and users (docs/presence-protocol.md, "Event callbacks"): each EventType's
// EventData is built here and nowhere else. The key order is the one receivers have always seen.

/** A room session: a room and its CallId. */
export interface EventRoom {
  appId: string;
  roomId: string;
  callId: string;
}

/** A user in a room. */
export interface EventUser {
  appId: string;
  roomId: string;
  userId: string;
  visible: boolean;
}

export const eventUser = (m: Member): EventUser => ({
  appId: m.room.appId,
  roomId: m.room.roomId,
  userId: m.userId,
  visible: m.visible,
});

/** RoomCreate: the first user joined an empty room. */
export function roomCreateEvent(room: EventRoom, at: number): RoomEvent {
  return event(room.appId, RoomEventType.RoomCreate, { RoomId: room.roomId, CallId: room.callId, Timestamp: at }, at);
}

/** RoomDestroy: the last user left (or DismissRoom, or a previous run's room closed at start). */
export function roomDestroyEvent(room: EventRoom, reason: PresenceLeaveReason, at: number): RoomEvent {
  return event(
    room.appId,
    RoomEventType.RoomDestroy,
    { RoomId: room.roomId, CallId: room.callId, Reason: reason, Timestamp: at },
    at,
  );
}

/** UserJoinRoom / InvisibleUserJoinRoom. */
export function userJoinEvent(user: EventUser, at: number): RoomEvent {
  return event(
    user.appId,
    user.visible ? RoomEventType.UserJoinRoom : RoomEventType.InvisibleUserJoinRoom,
    { RoomId: user.roomId, UserId: user.userId, Timestamp: at },
    at,
  );
}

/**
 * UserLeaveRoom / InvisibleUserLeaveRoom, with the time in the room in seconds. A session of a previous run
 * closed at start (ServerRestart) has no Duration.
 */
export function userLeaveEvent(
  user: EventUser,
  reason: PresenceLeaveReason,
  durationSeconds: number | undefined,
  at: number,
): RoomEvent {
  return event(
    user.appId,
    user.visible ? RoomEventType.UserLeaveRoom : RoomEventType.InvisibleUserLeaveRoom,
    {
      RoomId: user.roomId,
      UserId: user.userId,
      Reason: reason,
      ...(durationSeconds !== undefined && { Duration: durationSeconds }),
      Timestamp: at,
    },
    at,
  );
}

/** RoleChangeInvisible2Visible / RoleChangeVisible2Invisible: `setVisible` turned the user `visible`. */
export function roleChangeEvent(user: EventUser, visible: boolean, at: number): RoomEvent {
  return event(
    user.appId,
    visible ? RoomEventType.RoleChangeInvisible2Visible : RoomEventType.RoleChangeVisible2Invisible,
    { RoomId: user.roomId, UserId: user.userId, Timestamp: at },
    at,
  );
}

/**
 * UserPublishStream (published: what the stream now carries) or UserUnpublishStream (an unpublish carries all
 * false; a stream dropped by a leave carries what it published).
 */
export function userStreamEvent(
  user: EventUser,
  published: boolean,
  stream: StreamName,
  media: MediaFlags,
  at: number,
): RoomEvent {
  return event(
    user.appId,
    published ? RoomEventType.UserPublishStream : RoomEventType.UserUnpublishStream,
    {
      RoomId: user.roomId,
      UserId: user.userId,
      StreamIndex: stream === 'main' ? 0 : 1,
      Audio: media.audio,
      Video: media.video,
      Data: media.data,
      Timestamp: at,
    },
    at,
  );
}

function event(appId: string, eventType: string, eventData: Record<string, unknown>, at: number): RoomEvent {
  return { appId, eventType, eventData, at };
}
