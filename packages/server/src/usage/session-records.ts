import type { Database } from '../store/database.js';

export type MediaKind = 'audio' | 'video' | 'data';

/**
 * Writes the session records the usage queries read. Every method is one statement and is meant to run inside
 * the caller's transaction (the same one that enqueues the matching callback events).
 */
export class SessionRecords {
  readonly #openCall;
  readonly #closeCall;
  readonly #openSession;
  readonly #closeSession;
  readonly #setVisible;
  readonly #markPublished;
  readonly #openStream;
  readonly #closeStream;
  readonly #closeSessionStreams;

  constructor(readonly db: Database) {
    this.#openCall = db.prepare('INSERT INTO room_calls (call_id, app_id, room_id, created_at) VALUES (?, ?, ?, ?)');
    this.#closeCall = db.prepare(
      'UPDATE room_calls SET destroyed_at = ?, destroy_reason = ? WHERE call_id = ? AND destroyed_at IS NULL',
    );
    this.#openSession = db.prepare(
      `INSERT INTO user_sessions (session_id, call_id, app_id, room_id, user_id, visible, joined_at, ip, device_type,
        os, sdk_version) VALUES (@sessionId, @callId, @appId, @roomId, @userId, @visible, @joinedAt, @ip,
        @deviceType, @os, @sdkVersion)`,
    );
    this.#closeSession = db.prepare(
      'UPDATE user_sessions SET left_at = ?, leave_reason = ? WHERE session_id = ? AND left_at IS NULL',
    );
    this.#setVisible = db.prepare('UPDATE user_sessions SET visible = ? WHERE session_id = ?');
    this.#markPublished = db.prepare('UPDATE user_sessions SET published = 1 WHERE session_id = ?');
    this.#openStream = db.prepare(
      `INSERT INTO stream_records (session_id, app_id, room_id, user_id, stream, media, video_height, started_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#closeStream = db.prepare(
      `UPDATE stream_records SET ended_at = ? WHERE session_id = ? AND stream = ? AND media = ? AND ended_at IS NULL`,
    );
    this.#closeSessionStreams = db.prepare(
      'UPDATE stream_records SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL',
    );
  }

  openCall(callId: string, appId: string, roomId: string, at: number): void {
    this.#openCall.run(callId, appId, roomId, at);
  }

  closeCall(callId: string, at: number, reason: string): void {
    this.#closeCall.run(at, reason, callId);
  }

  openSession(s: {
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
  }): void {
    this.#openSession.run({ ...s, visible: s.visible ? 1 : 0 });
  }

  closeSession(sessionId: string, at: number, reason: string): void {
    this.#closeSessionStreams.run(at, sessionId);
    this.#closeSession.run(at, reason, sessionId);
  }

  setVisible(sessionId: string, visible: boolean): void {
    this.#setVisible.run(visible ? 1 : 0, sessionId);
  }

  openStream(
    s: { sessionId: string; appId: string; roomId: string; userId: string },
    stream: string,
    media: MediaKind,
    videoHeight: number,
    at: number,
  ): void {
    this.#markPublished.run(s.sessionId);
    this.#openStream.run(s.sessionId, s.appId, s.roomId, s.userId, stream, media, videoHeight, at);
  }

  closeStream(sessionId: string, stream: string, media: MediaKind, at: number): void {
    this.#closeStream.run(at, sessionId, stream, media);
  }

  /**
   * Sessions and calls still open from a previous run: presence lives in memory, so after a restart nobody is in
   * those rooms any more. Closes them at `at` and returns what was closed, for the matching leave events.
   */
  closeDangling(at: number): {
    sessions: { sessionId: string; appId: string; roomId: string; userId: string; visible: boolean }[];
    calls: { callId: string; appId: string; roomId: string }[];
  } {
    const sessions = this.db
      .prepare<[], { session_id: string; app_id: string; room_id: string; user_id: string; visible: number }>(
        'SELECT session_id, app_id, room_id, user_id, visible FROM user_sessions WHERE left_at IS NULL',
      )
      .all()
      .map((r) => ({
        sessionId: r.session_id,
        appId: r.app_id,
        roomId: r.room_id,
        userId: r.user_id,
        visible: r.visible === 1,
      }));
    const calls = this.db
      .prepare<[], { call_id: string; app_id: string; room_id: string }>(
        'SELECT call_id, app_id, room_id FROM room_calls WHERE destroyed_at IS NULL',
      )
      .all()
      .map((r) => ({ callId: r.call_id, appId: r.app_id, roomId: r.room_id }));
    for (const s of sessions) this.closeSession(s.sessionId, at, 'ServerRestart');
    for (const c of calls) this.closeCall(c.callId, at, 'ServerRestart');
    return { sessions, calls };
  }
}
