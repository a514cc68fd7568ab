import type { Database } from '../store/database.js';
import type { QueryWindow } from './query-window.js';

/** The platforms the quality queries name (their `OS` and `Platform` values), from the OS a client reported at join. */
export const PLATFORMS = ['android', 'ios', 'linux', 'mac', 'windows', 'web', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** One user session as the indicator queries see it: its presence, its device and the video it published. */
export interface SessionSpan {
  sessionId: string;
  callId: string;
  roomId: string;
  userId: string;
  joinedAt: number;
  /** When the user left; a session still open ends at the query's clock. */
  leftAt: number;
  platform: Platform;
  /** The other users of the same room session (call) and when they were there: the load the quality model reads. */
  roommates: { userId: string; from: number; to: number }[];
  /** What the session published: audio, video (with its declared height) or data, each from start to end. */
  streams: readonly PublishedStream[];
}

export interface PublishedStream {
  media: string;
  start: number;
  end: number;
  height: number;
}

export interface SpanFilter {
  roomId?: string;
  userIds?: readonly string[];
  platforms?: ReadonlySet<Platform>;
}

/** The platform a client's reported OS names: case and spelling variants of the five SDK platforms, or web. */
export function platformOf(os: string): Platform {
  const s = os.trim().toLowerCase();
  if (s.startsWith('android')) return 'android';
  if (s === 'ios' || s.startsWith('iphone') || s.startsWith('ipad')) return 'ios';
  if (s.startsWith('win')) return 'windows';
  if (s === 'mac' || s.startsWith('macos') || s.startsWith('mac os') || s === 'darwin' || s === 'osx') return 'mac';
  if (s.startsWith('linux')) return 'linux';
  if (s === 'web' || s.startsWith('browser')) return 'web';
  return 'other';
}

interface SpanRow {
  session_id: string;
  call_id: string;
  room_id: string;
  user_id: string;
  joined_at: number;
  left_at: number | null;
  os: string;
}

interface StreamRow {
  session_id: string;
  media: string;
  video_height: number;
  started_at: number;
  ended_at: number | null;
}

/** Reads the user sessions (and what they published) that overlap a window, for the quality and operation data. */
export class SessionSpans {
  readonly #sessions;
  readonly #streams;

  constructor(
    db: Database,
    private readonly now: () => number,
  ) {
    this.#sessions = db.prepare<{ appId: string; start: number; end: number; roomId: string | null }, SpanRow>(
      `SELECT session_id, call_id, room_id, user_id, joined_at, left_at, os FROM user_sessions
        WHERE app_id = @appId AND joined_at < @end AND (left_at IS NULL OR left_at > @start)
          AND (@roomId IS NULL OR room_id = @roomId)
        ORDER BY joined_at, session_id`,
    );
    this.#streams = db.prepare<{ appId: string; start: number; end: number }, StreamRow>(
      `SELECT session_id, media, video_height, started_at, ended_at FROM stream_records
        WHERE app_id = @appId AND started_at < @end AND (ended_at IS NULL OR ended_at > @start)`,
    );
  }

  overlapping(appId: string, w: QueryWindow, filter: SpanFilter = {}): SessionSpan[] {
    const now = this.now();
    const args = { appId, start: w.start, end: w.end };
    const streams = new Map<string, PublishedStream[]>();
    for (const v of this.#streams.all(args)) {
      const list = streams.get(v.session_id) ?? [];
      list.push({ media: v.media, start: v.started_at, end: v.ended_at ?? now, height: v.video_height });
      streams.set(v.session_id, list);
    }
    const users = filter.userIds && filter.userIds.length > 0 ? new Set(filter.userIds) : undefined;
    const all: SessionSpan[] = [];
    const byCall = new Map<string, SessionSpan[]>();
    for (const r of this.#sessions.all({ ...args, roomId: filter.roomId ?? null })) {
      const span: SessionSpan = {
        sessionId: r.session_id,
        callId: r.call_id,
        roomId: r.room_id,
        userId: r.user_id,
        joinedAt: r.joined_at,
        leftAt: Math.max(r.joined_at, r.left_at ?? now),
        platform: platformOf(r.os),
        roommates: [],
        streams: streams.get(r.session_id) ?? [],
      };
      all.push(span);
      const call = byCall.get(r.call_id) ?? [];
      call.push(span);
      byCall.set(r.call_id, call);
    }
    // Load is a fact of the room, computed before the user and platform filters pick the sessions to report.
    for (const span of all) {
      span.roommates = byCall
        .get(span.callId)!
        .filter((o) => o.userId !== span.userId)
        .map((o) => ({ userId: o.userId, from: o.joinedAt, to: o.leftAt }));
    }
    const spans = all.filter(
      (span) => (!users || users.has(span.userId)) && (!filter.platforms || filter.platforms.has(span.platform)),
    );
    return spans;
  }
}
