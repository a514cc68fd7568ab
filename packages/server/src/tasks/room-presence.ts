import type { RoomService } from '../rooms/room-service.js';

/** A stream published in a room right now, as a task sees it. */
export interface LiveStream {
  userId: string;
  /** 0 camera/microphone, 1 screen. */
  streamType: 0 | 1;
  audio: boolean;
  video: boolean;
}

/** What the task engine reads of live presence: who publishes what in a room at this moment. */
export interface RoomPresence {
  publishedStreams(appId: string, roomId: string): LiveStream[];
}

/**
 * Live presence through the RoomService's public lookups only. The engine samples it on its tick (docs/tasks.md:
 * the timeline's resolution is the tick); data-only streams carry no media and are left out, as are invisible
 * members (they cannot publish).
 */
export function roomPresence(rooms: Pick<RoomService, 'room'>): RoomPresence {
  return {
    publishedStreams(appId, roomId) {
      const room = rooms.room(appId, roomId);
      if (!room) return [];
      const out: LiveStream[] = [];
      for (const member of room.members.values()) {
        if (!member.visible) continue;
        for (const [name, stream] of member.streams) {
          if (!stream.media.audio && !stream.media.video) continue;
          out.push({
            userId: member.userId,
            streamType: name === 'screen' ? 1 : 0,
            audio: stream.media.audio,
            video: stream.media.video,
          });
        }
      }
      return out;
    },
  };
}
