import type { QueryWindow } from './query-window.js';

/**
 * What the usage domain keeps: the session records a room change writes (rooms call them inside the transaction that
 * also enqueues the matching callback events, so writes are synchronous) and the queries of the usage actions over
 * them. Behind interfaces so that another store (PostgreSQL) can stand in for SQLite (`sqlite-usage-store.ts`)
 * without touching a service or a handler.
 */
export interface UsageStore extends SessionRecordStore, UsageQueryStore {}

export type MediaKind = 'audio' | 'video' | 'data';

/** A user's session in a room, as joining opens it. */
export interface NewSession {
  sessionId: string;
  callId: string;
  appId: string;
  roomId: string;
  userId: string;
  visible: boolean;
  joinedAt: number;
  ip: string;
  deviceType: string;
  os: string;
  sdkVersion: string;
}

/** Writes the session records; every method is meant to run inside the caller's transaction. */
export interface SessionRecordStore {
  /** A room session (CallId) begins. */
  openCall(callId: string, appId: string, roomId: string, at: number): void;
  closeCall(callId: string, at: number, reason: string): void;
  openSession(session: NewSession): void;
  /** Ends the session and the streams it still publishes. */
  closeSession(sessionId: string, at: number, reason: string): void;
  setVisible(sessionId: string, visible: boolean): void;
  /** The session publishes a stream's medium from `at` (and counts as having published). */
  openStream(
    session: { sessionId: string; appId: string; roomId: string; userId: string },
    stream: string,
    media: MediaKind,
    videoHeight: number,
    at: number,
  ): void;
  closeStream(sessionId: string, stream: string, media: MediaKind, at: number): void;
  /**
   * Sessions and calls still open from a previous run: presence lives in memory, so after a restart nobody is in
   * those rooms any more. Closes them at `at` (reason ServerRestart) and returns what was closed, for the matching
   * leave events.
   */
  closeDangling(at: number): {
    sessions: { sessionId: string; appId: string; roomId: string; userId: string; visible: boolean }[];
    calls: { callId: string; appId: string; roomId: string }[];
  };
}

/** A room session (one per CallId). Times are unix ms; undefined while still open. */
export interface CallRecord {
  callId: string;
  appId: string;
  roomId: string;
  createdAt: number;
  destroyedAt: number | undefined;
}

export interface SessionRecord {
  sessionId: string;
  callId: string;
  roomId: string;
  userId: string;
  joinedAt: number;
  leftAt: number | undefined;
  published: boolean;
  deviceType: string;
  os: string;
  sdkVersion: string;
}

export interface StreamRecord {
  sessionId: string;
  stream: string;
  media: string;
  videoHeight: number;
  startedAt: number;
  endedAt: number | undefined;
}

export interface Paging {
  offset: number;
  limit: number;
}

/** The reads of the usage actions (`usage-queries.ts` turns them into Results). */
export interface UsageQueryStore {
  /** Room sessions overlapping the window, oldest first, each with how many users are in it now. */
  callsInWindow(
    filter: { appId: string; roomId?: string | undefined },
    window: QueryWindow,
    page: Paging,
  ): { total: number; items: (CallRecord & { activeUsers: number })[] };
  /** User sessions overlapping the window, by join time; server users are those whose OS is Linux. */
  sessionsInWindow(
    filter: { appId: string; roomId?: string | undefined; userIds?: readonly string[]; excludeServerUsers: boolean },
    window: QueryWindow,
    page: Paging,
  ): { total: number; items: SessionRecord[] };
  /** The sessions of these users in the room overlapping the window, by user, then join time. */
  sessionsOfUsers(appId: string, roomId: string, userIds: readonly string[], window: QueryWindow): SessionRecord[];
  /** Every session of the app overlapping the window, in no particular order. */
  sessionsOfApp(appId: string, window: QueryWindow): SessionRecord[];
  /** A session's stream records (of one medium when given). */
  streamsOf(sessionId: string, media?: MediaKind): StreamRecord[];
  /**
   * Sessions of the app (of one room when given) that were open at some moment strictly inside the window: joined
   * before its end, not left by its start. By join time.
   */
  sessionsDuring(appId: string, window: QueryWindow, roomId: string | undefined): SessionRecord[];
  /** The app's stream records that were open at some moment strictly inside the window, in no particular order. */
  streamsDuring(appId: string, window: QueryWindow): StreamRecord[];
  /** Room sessions with counts of users and streams, by creation (`newestFirst`: reversed), and the totals. */
  callSummaries(
    filter: { appId: string; roomId?: string | undefined },
    newestFirst: boolean,
    page: Paging,
  ): { total: number; active: number; items: (CallRecord & { users: number; streams: number })[] };
}
