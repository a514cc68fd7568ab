import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Room } from '../rooms/room-state.js';
import { EventStreams, KEEP_ALIVE_MS, sseEvent } from './event-stream.js';

/** A live room as the console shows it. */
export interface RoomView {
  appId: string;
  roomId: string;
  callId: string;
  members: MemberView[];
}

export interface MemberView {
  userId: string;
  visible: boolean;
  /** False between a lost connection and a resume or the heartbeat timeout. */
  connected: boolean;
  joinedAt: string;
  streams: { stream: string; audio: boolean; video: boolean; data: boolean; videoHeight: number }[];
}

export interface LiveRoomSource {
  liveRooms(): Iterable<Room>;
}

/**
 * The live rooms as server-sent events: each console page that watches gets the whole picture at once and again
 * after every room change (told by the rooms module's change hook), at most once per `coalesceMs`, so a thousand
 * members joining make a few events, not a thousand. Nothing is sent while nobody watches.
 */
export class RoomFeed {
  #source: LiveRoomSource | undefined;
  readonly #watchers = new Set<ServerResponse>();
  readonly #coalesceMs: number;
  readonly #streams: EventStreams;
  #pending: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  /** `streams`: the console's open event streams, which the server ends first when it shuts down. */
  constructor(options: { coalesceMs?: number; streams?: EventStreams } = {}) {
    this.#coalesceMs = options.coalesceMs ?? 50;
    this.#streams = options.streams ?? new EventStreams();
  }

  /** The rooms to show (bound after the rooms module is built, which is told to call `changed`). */
  bind(source: LiveRoomSource): void {
    this.#source = source;
  }

  /** A room changed (the change is in memory by the next turn): schedule one event for the watchers. */
  changed(): void {
    if (this.#watchers.size === 0 || this.#pending !== undefined) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#broadcast();
    }, this.#coalesceMs);
  }

  snapshot(): RoomView[] {
    const rooms: RoomView[] = [];
    for (const room of this.#source?.liveRooms() ?? []) rooms.push(roomView(room));
    return rooms.sort((a, b) => a.appId.localeCompare(b.appId) || a.roomId.localeCompare(b.roomId));
  }

  /** Answers an EventSource request: `event: rooms` with the snapshot now and after each change. */
  watch(req: IncomingMessage, res: ServerResponse): void {
    this.#streams.start(req, res);
    res.write(sseEvent('rooms', this.snapshot()));
    this.#watchers.add(res);
    this.#heartbeat ??= setInterval(() => {
      for (const watcher of this.#watchers) watcher.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS).unref();
    res.on('close', () => {
      this.#watchers.delete(res);
      if (this.#watchers.size === 0) this.#stopHeartbeat();
    });
  }

  /** Ends every watcher's stream (server shutdown). */
  close(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#stopHeartbeat();
    for (const watcher of this.#watchers) watcher.end();
    this.#watchers.clear();
  }

  #broadcast(): void {
    if (this.#watchers.size === 0) return;
    const event = sseEvent('rooms', this.snapshot());
    for (const watcher of this.#watchers) watcher.write(event);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}

function roomView(room: Room): RoomView {
  const members: MemberView[] = [];
  for (const m of room.members.values()) {
    members.push({
      userId: m.userId,
      visible: m.visible,
      connected: m.conn !== undefined,
      joinedAt: new Date(m.joinedAt).toISOString(),
      streams: [...m.streams].map(([stream, s]) => ({ stream, ...s.media, videoHeight: s.videoHeight })),
    });
  }
  members.sort((a, b) => a.userId.localeCompare(b.userId));
  return { appId: room.appId, roomId: room.roomId, callId: room.callId, members };
}
