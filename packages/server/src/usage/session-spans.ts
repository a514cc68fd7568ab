import type { QueryWindow } from './query-window.js';
import type { UsageQueryStore } from './usage-store.js';

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

/** Reads the user sessions (and what they published) that overlap a window, for the quality and operation data. */
export class SessionSpans {
  constructor(
    private readonly store: Pick<UsageQueryStore, 'sessionsDuring' | 'streamsDuring'>,
    private readonly now: () => number,
  ) {}

  overlapping(appId: string, w: QueryWindow, filter: SpanFilter = {}): SessionSpan[] {
    const now = this.now();
    const streams = new Map<string, PublishedStream[]>();
    for (const v of this.store.streamsDuring(appId, w)) {
      const list = streams.get(v.sessionId) ?? [];
      list.push({ media: v.media, start: v.startedAt, end: v.endedAt ?? now, height: v.videoHeight });
      streams.set(v.sessionId, list);
    }
    const users = filter.userIds && filter.userIds.length > 0 ? new Set(filter.userIds) : undefined;
    const all: SessionSpan[] = [];
    const byCall = new Map<string, SessionSpan[]>();
    for (const r of this.store.sessionsDuring(appId, w, filter.roomId)) {
      const span: SessionSpan = {
        sessionId: r.sessionId,
        callId: r.callId,
        roomId: r.roomId,
        userId: r.userId,
        joinedAt: r.joinedAt,
        leftAt: Math.max(r.joinedAt, r.leftAt ?? now),
        platform: platformOf(r.os),
        roommates: [],
        streams: streams.get(r.sessionId) ?? [],
      };
      all.push(span);
      const call = byCall.get(r.callId) ?? [];
      call.push(span);
      byCall.set(r.callId, call);
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
