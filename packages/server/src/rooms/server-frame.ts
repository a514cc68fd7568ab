import type { ServerFrame } from '@rtc-openapi/api';
import type { Member, Room } from './room-state.js';

/** One server frame (the shared ServerFrame type of @rtc-openapi/api), serialised for PresenceConnection.send. */
export const encodeFrame = (frame: ServerFrame): string => JSON.stringify(frame);

/** An `error` frame that answers no request (why the server is closing, a privilege that ran out). */
export const noticeFrame = (code: 'HeartbeatTimeout' | 'Replaced' | 'ServerClosing' | 'NoPrivilege', message: string) =>
  encodeFrame({ type: 'error', code, message });

/** A time in a frame (`until`): ISO 8601. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** Sends a serialised frame to every connected member of the room but `except`. */
export function broadcast(room: Room, frame: string, except?: Member): void {
  for (const m of room.members.values()) if (m !== except) m.conn?.send(frame);
}
