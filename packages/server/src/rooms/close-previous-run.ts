import type { Logger } from 'pino';
import type { SessionRecordStore } from '../usage/usage-store.js';
import { roomDestroyEvent, userLeaveEvent } from './room-events.js';
import type { RoomWriter } from './room-writer.js';

/**
 * At start: the sessions and room sessions a previous run left open (presence lives in memory, so nobody is in
 * those rooms any more) are closed with reason ServerRestart, with their leave and RoomDestroy events.
 */
export function closePreviousRun(writer: RoomWriter, now: number, logger: Logger | undefined): void {
  let closed: ReturnType<SessionRecordStore['closeDangling']> | undefined;
  writer.commit(() => {
    closed = writer.records.closeDangling(now);
    for (const s of closed.sessions) writer.event(userLeaveEvent(s, 'ServerRestart', undefined, now));
    for (const c of closed.calls) writer.event(roomDestroyEvent(c, 'ServerRestart', now));
  });
  if (closed && closed.sessions.length > 0) {
    logger?.info({ sessions: closed.sessions.length, calls: closed.calls.length }, 'closed sessions of a previous run');
  }
}
