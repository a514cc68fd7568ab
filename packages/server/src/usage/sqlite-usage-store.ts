import type { Database } from '../store/database.js';
import { PreparedStatements } from '../store/prepared-statements.js';
import type { QueryWindow } from './query-window.js';
import type {
  CallRecord,
  MediaKind,
  NewSession,
  Paging,
  SessionRecord,
  StreamRecord,
  UsageStore,
} from './usage-store.js';

interface CallRow {
  call_id: string;
  app_id: string;
  room_id: string;
  created_at: number;
  destroyed_at: number | null;
}

interface SessionRow {
  session_id: string;
  call_id: string;
  room_id: string;
  user_id: string;
  joined_at: number;
  left_at: number | null;
  published: number;
  device_type: string;
  os: string;
  sdk_version: string;
}

interface StreamRow {
  session_id: string;
  stream: string;
  media: string;
  video_height: number;
  started_at: number;
  ended_at: number | null;
}

type Args = Record<string, string | number | undefined>;

/**
 * The room_calls, user_sessions and stream_records tables of the server's SQLite database (`migrations.ts`). Fixed
 * statements are prepared here; those whose WHERE clause depends on which filters a query gives are prepared once
 * per combination (`PreparedStatements`).
 */
export class SqliteUsageStore implements UsageStore {
  readonly #sql;
  readonly #filtered: PreparedStatements;

  constructor(db: Database) {
    this.#filtered = new PreparedStatements(db);
    this.#sql = {
      openCall: db.prepare('INSERT INTO room_calls (call_id, app_id, room_id, created_at) VALUES (?, ?, ?, ?)'),
      closeCall: db.prepare(
        'UPDATE room_calls SET destroyed_at = ?, destroy_reason = ? WHERE call_id = ? AND destroyed_at IS NULL',
      ),
      openSession: db.prepare(
        `INSERT INTO user_sessions (session_id, call_id, app_id, room_id, user_id, visible, joined_at, ip, device_type,
          os, sdk_version) VALUES (@sessionId, @callId, @appId, @roomId, @userId, @visible, @joinedAt, @ip,
          @deviceType, @os, @sdkVersion)`,
      ),
      closeSession: db.prepare(
        'UPDATE user_sessions SET left_at = ?, leave_reason = ? WHERE session_id = ? AND left_at IS NULL',
      ),
      setVisible: db.prepare('UPDATE user_sessions SET visible = ? WHERE session_id = ?'),
      markPublished: db.prepare('UPDATE user_sessions SET published = 1 WHERE session_id = ?'),
      openStream: db.prepare(
        `INSERT INTO stream_records (session_id, app_id, room_id, user_id, stream, media, video_height, started_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      closeStream: db.prepare(
        `UPDATE stream_records SET ended_at = ? WHERE session_id = ? AND stream = ? AND media = ? AND ended_at IS NULL`,
      ),
      closeSessionStreams: db.prepare(
        'UPDATE stream_records SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL',
      ),
      openSessions: db.prepare<
        [],
        { session_id: string; app_id: string; room_id: string; user_id: string; visible: number }
      >('SELECT session_id, app_id, room_id, user_id, visible FROM user_sessions WHERE left_at IS NULL'),
      openCalls: db.prepare<[], { call_id: string; app_id: string; room_id: string }>(
        'SELECT call_id, app_id, room_id FROM room_calls WHERE destroyed_at IS NULL',
      ),
      sessionsOfUsers: db.prepare<
        { appId: string; roomId: string; userIds: string; start: number; end: number },
        SessionRow
      >(
        `SELECT * FROM user_sessions WHERE app_id = @appId AND room_id = @roomId
          AND user_id IN (SELECT value FROM json_each(@userIds)) AND joined_at <= @end
          AND (left_at IS NULL OR left_at >= @start) ORDER BY user_id, joined_at`,
      ),
      sessionsOfApp: db.prepare<{ appId: string; start: number; end: number }, SessionRow>(
        `SELECT * FROM user_sessions WHERE app_id = @appId AND joined_at <= @end
          AND (left_at IS NULL OR left_at >= @start)`,
      ),
      streamsOf: db.prepare<[string], StreamRow>('SELECT * FROM stream_records WHERE session_id = ?'),
      sessionsDuring: db.prepare<{ appId: string; start: number; end: number; roomId: string | null }, SessionRow>(
        `SELECT * FROM user_sessions
          WHERE app_id = @appId AND joined_at < @end AND (left_at IS NULL OR left_at > @start)
            AND (@roomId IS NULL OR room_id = @roomId)
          ORDER BY joined_at, session_id`,
      ),
      streamsDuring: db.prepare<{ appId: string; start: number; end: number }, StreamRow>(
        `SELECT * FROM stream_records
          WHERE app_id = @appId AND started_at < @end AND (ended_at IS NULL OR ended_at > @start)`,
      ),
      streamsOfMedia: db.prepare<[string, string], StreamRow>(
        'SELECT * FROM stream_records WHERE session_id = ? AND media = ?',
      ),
    };
  }

  // ---- writes ----------------------------------------------------------------------------------------------------

  openCall(callId: string, appId: string, roomId: string, at: number): void {
    this.#sql.openCall.run(callId, appId, roomId, at);
  }

  closeCall(callId: string, at: number, reason: string): void {
    this.#sql.closeCall.run(at, reason, callId);
  }

  openSession(s: NewSession): void {
    this.#sql.openSession.run({ ...s, visible: s.visible ? 1 : 0 });
  }

  closeSession(sessionId: string, at: number, reason: string): void {
    this.#sql.closeSessionStreams.run(at, sessionId);
    this.#sql.closeSession.run(at, reason, sessionId);
  }

  setVisible(sessionId: string, visible: boolean): void {
    this.#sql.setVisible.run(visible ? 1 : 0, sessionId);
  }

  openStream(
    s: { sessionId: string; appId: string; roomId: string; userId: string },
    stream: string,
    media: MediaKind,
    videoHeight: number,
    at: number,
  ): void {
    this.#sql.markPublished.run(s.sessionId);
    this.#sql.openStream.run(s.sessionId, s.appId, s.roomId, s.userId, stream, media, videoHeight, at);
  }

  closeStream(sessionId: string, stream: string, media: MediaKind, at: number): void {
    this.#sql.closeStream.run(at, sessionId, stream, media);
  }

  closeDangling(at: number): ReturnType<UsageStore['closeDangling']> {
    const sessions = this.#sql.openSessions.all().map((r) => ({
      sessionId: r.session_id,
      appId: r.app_id,
      roomId: r.room_id,
      userId: r.user_id,
      visible: r.visible === 1,
    }));
    const calls = this.#sql.openCalls.all().map((r) => ({ callId: r.call_id, appId: r.app_id, roomId: r.room_id }));
    for (const s of sessions) this.closeSession(s.sessionId, at, 'ServerRestart');
    for (const c of calls) this.closeCall(c.callId, at, 'ServerRestart');
    return { sessions, calls };
  }

  // ---- queries ---------------------------------------------------------------------------------------------------

  callsInWindow(
    filter: { appId: string; roomId?: string | undefined },
    w: QueryWindow,
    page: Paging,
  ): { total: number; items: (CallRecord & { activeUsers: number })[] } {
    const where = `app_id = @appId AND created_at <= @end AND (destroyed_at IS NULL OR destroyed_at >= @start)
      ${filter.roomId !== undefined ? 'AND room_id = @roomId' : ''}`;
    const args: Args = { appId: filter.appId, roomId: filter.roomId, start: w.start, end: w.end };
    const { total } = this.#filtered
      .get<Args, { total: number }>(`SELECT count(*) AS total FROM room_calls WHERE ${where}`)
      .get(args)!;
    const rows = this.#filtered
      .get<Args, CallRow & { active: number }>(
        `SELECT c.*, (SELECT count(*) FROM user_sessions s WHERE s.call_id = c.call_id AND s.left_at IS NULL) AS active
          FROM room_calls c WHERE ${where} ORDER BY created_at, call_id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: page.limit, offset: page.offset });
    return { total, items: rows.map((r) => ({ ...toCall(r), activeUsers: r.active })) };
  }

  sessionsInWindow(
    filter: { appId: string; roomId?: string | undefined; userIds?: readonly string[]; excludeServerUsers: boolean },
    w: QueryWindow,
    page: Paging,
  ): { total: number; items: SessionRecord[] } {
    const clauses = ['app_id = @appId', 'joined_at <= @end', '(left_at IS NULL OR left_at >= @start)'];
    if (filter.roomId !== undefined) clauses.push('room_id = @roomId');
    if (filter.userIds?.length) clauses.push(`user_id IN (SELECT value FROM json_each(@userIds))`);
    if (filter.excludeServerUsers) clauses.push(`lower(os) <> 'linux'`);
    const where = clauses.join(' AND ');
    const args: Args = {
      appId: filter.appId,
      roomId: filter.roomId,
      userIds: JSON.stringify(filter.userIds ?? []),
      start: w.start,
      end: w.end,
    };
    const { total } = this.#filtered
      .get<Args, { total: number }>(`SELECT count(*) AS total FROM user_sessions WHERE ${where}`)
      .get(args)!;
    const rows = this.#filtered
      .get<Args, SessionRow>(
        `SELECT * FROM user_sessions WHERE ${where} ORDER BY joined_at, session_id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: page.limit, offset: page.offset });
    return { total, items: rows.map(toSession) };
  }

  sessionsOfUsers(appId: string, roomId: string, userIds: readonly string[], w: QueryWindow): SessionRecord[] {
    const args = { appId, roomId, userIds: JSON.stringify(userIds), start: w.start, end: w.end };
    return this.#sql.sessionsOfUsers.all(args).map(toSession);
  }

  sessionsOfApp(appId: string, w: QueryWindow): SessionRecord[] {
    return this.#sql.sessionsOfApp.all({ appId, start: w.start, end: w.end }).map(toSession);
  }

  streamsOf(sessionId: string, media?: MediaKind): StreamRecord[] {
    const rows =
      media === undefined ? this.#sql.streamsOf.all(sessionId) : this.#sql.streamsOfMedia.all(sessionId, media);
    return rows.map(toStream);
  }

  sessionsDuring(appId: string, w: QueryWindow, roomId: string | undefined): SessionRecord[] {
    return this.#sql.sessionsDuring.all({ appId, start: w.start, end: w.end, roomId: roomId ?? null }).map(toSession);
  }

  streamsDuring(appId: string, w: QueryWindow): StreamRecord[] {
    return this.#sql.streamsDuring.all({ appId, start: w.start, end: w.end }).map(toStream);
  }

  callSummaries(
    filter: { appId: string; roomId?: string | undefined },
    newestFirst: boolean,
    page: Paging,
  ): { total: number; active: number; items: (CallRecord & { users: number; streams: number })[] } {
    const where = `app_id = @appId ${filter.roomId !== undefined ? 'AND room_id = @roomId' : ''}`;
    const args: Args = { appId: filter.appId, roomId: filter.roomId };
    const counts = this.#filtered
      .get<Args, { total: number; active: number }>(
        `SELECT count(*) AS total, coalesce(sum(destroyed_at IS NULL), 0) AS active FROM room_calls WHERE ${where}`,
      )
      .get(args)!;
    const rows = this.#filtered
      .get<Args, CallRow & { users: number; streams: number }>(
        `SELECT c.*,
          (SELECT count(DISTINCT user_id) FROM user_sessions s WHERE s.call_id = c.call_id) AS users,
          (SELECT count(DISTINCT r.user_id || '/' || r.stream) FROM stream_records r
            JOIN user_sessions s ON s.session_id = r.session_id WHERE s.call_id = c.call_id) AS streams
          FROM room_calls c WHERE ${where} ORDER BY created_at ${newestFirst ? 'DESC' : 'ASC'}, call_id
          LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: page.limit, offset: page.offset });
    return {
      total: counts.total,
      active: counts.active,
      items: rows.map((r) => ({ ...toCall(r), users: r.users, streams: r.streams })),
    };
  }
}

function toCall(r: CallRow): CallRecord {
  return {
    callId: r.call_id,
    appId: r.app_id,
    roomId: r.room_id,
    createdAt: r.created_at,
    destroyedAt: r.destroyed_at ?? undefined,
  };
}

function toSession(r: SessionRow): SessionRecord {
  return {
    sessionId: r.session_id,
    callId: r.call_id,
    roomId: r.room_id,
    userId: r.user_id,
    joinedAt: r.joined_at,
    leftAt: r.left_at ?? undefined,
    published: r.published === 1,
    deviceType: r.device_type,
    os: r.os,
    sdkVersion: r.sdk_version,
  };
}

function toStream(r: StreamRow): StreamRecord {
  return {
    sessionId: r.session_id,
    stream: r.stream,
    media: r.media,
    videoHeight: r.video_height,
    startedAt: r.started_at,
    endedAt: r.ended_at ?? undefined,
  };
}
