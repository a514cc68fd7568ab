import type { Database } from '../store/database.js';
import { DAY_MS, formatRfc3339, type QueryWindow } from './query-window.js';
import { SessionSpans } from './session-spans.js';

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

/** Reads the session records (usage/migrations.ts) for the usage actions. */
export class UsageQueries {
  /** The sessions overlapping a window, for the quality and operation data (providers/data-quality-usage). */
  readonly spans: SessionSpans;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.spans = new SessionSpans(db, now);
  }

  /** ListRoomInfo: room sessions (one per CallId) overlapping the window, oldest first. */
  roomInfo(appId: string, roomId: string | undefined, w: QueryWindow, page: { pageNum: number; pageSize: number }) {
    const where = `app_id = @appId AND created_at <= @end AND (destroyed_at IS NULL OR destroyed_at >= @start)
      ${roomId !== undefined ? 'AND room_id = @roomId' : ''}`;
    const args = { appId, roomId, start: w.start, end: w.end };
    const { total } = this.db
      .prepare<typeof args, { total: number }>(`SELECT count(*) AS total FROM room_calls WHERE ${where}`)
      .get(args)!;
    const rows = this.db
      .prepare<typeof args & { limit: number; offset: number }, CallRow & { active: number }>(
        `SELECT c.*, (SELECT count(*) FROM user_sessions s WHERE s.call_id = c.call_id AND s.left_at IS NULL) AS active
          FROM room_calls c WHERE ${where} ORDER BY created_at, call_id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: page.pageSize, offset: (page.pageNum - 1) * page.pageSize });
    return {
      RoomList: rows.map((r) => ({
        RoomId: r.room_id,
        CallId: r.call_id,
        CreatedTime: formatRfc3339(r.created_at),
        DestroyTime: r.destroyed_at === null ? '' : formatRfc3339(r.destroyed_at),
        IsFinished: r.destroyed_at !== null,
        ActiveUserNum: r.active,
      })),
      Total: total,
      PageNum: page.pageNum,
      PageSize: page.pageSize,
      HasMore: page.pageNum * page.pageSize < total,
    };
  }

  /** ListUserInfo: user sessions overlapping the window. Server users are those whose OS is Linux. */
  userInfo(
    appId: string,
    filter: { roomId?: string; userIds?: string[]; excludeServerUser: boolean },
    w: QueryWindow,
    page: { pageNum: number; pageSize: number },
  ) {
    const clauses = ['app_id = @appId', 'joined_at <= @end', '(left_at IS NULL OR left_at >= @start)'];
    if (filter.roomId !== undefined) clauses.push('room_id = @roomId');
    if (filter.userIds?.length) clauses.push(`user_id IN (SELECT value FROM json_each(@userIds))`);
    if (filter.excludeServerUser) clauses.push(`lower(os) <> 'linux'`);
    const where = clauses.join(' AND ');
    const args = {
      appId,
      roomId: filter.roomId,
      userIds: JSON.stringify(filter.userIds ?? []),
      start: w.start,
      end: w.end,
    };
    const { total } = this.db
      .prepare<typeof args, { total: number }>(`SELECT count(*) AS total FROM user_sessions WHERE ${where}`)
      .get(args)!;
    const rows = this.db
      .prepare<typeof args & { limit: number; offset: number }, SessionRow>(
        `SELECT * FROM user_sessions WHERE ${where} ORDER BY joined_at, session_id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: page.pageSize, offset: (page.pageNum - 1) * page.pageSize });
    const now = this.now();
    return {
      UserList: rows.map((r) => {
        const record = [{ Type: 'join', Time: formatRfc3339(r.joined_at) }];
        if (r.left_at !== null) record.push({ Type: 'leave', Time: formatRfc3339(r.left_at) });
        return {
          UserId: r.user_id,
          RoomId: r.room_id,
          CallId: r.call_id,
          CreatedAt: formatRfc3339(r.joined_at),
          LeaveAt: r.left_at === null ? '' : formatRfc3339(r.left_at),
          Finished: r.left_at !== null,
          Duration: Math.floor(((r.left_at ?? now) - r.joined_at) / 1000),
          Pub: r.published === 1,
          DeviceType: r.device_type,
          OS: r.os,
          SdkVersion: r.sdk_version,
          // The network type is not something a presence connection reports.
          Access: '',
          Record: record,
        };
      }),
      Total: total,
      PageNum: page.pageNum,
      PageSize: page.pageSize,
    };
  }

  /**
   * ListCallDetail: per-minute uplink series of what each user published (`PublishedAudio`, `PublishedVideo`,
   * 1 or 0). No media flows through this server, so there is no downlink quality to report: Direction "2"
   * yields no series and "0" yields the uplink ones.
   */
  callDetail(appId: string, roomId: string, userIds: string[], direction: string, w: QueryWindow) {
    if (direction === '2') return { UserCallDetail: [] };
    const sessions = this.db
      .prepare<{ appId: string; roomId: string; userIds: string; start: number; end: number }, SessionRow>(
        `SELECT * FROM user_sessions WHERE app_id = @appId AND room_id = @roomId
          AND user_id IN (SELECT value FROM json_each(@userIds)) AND joined_at <= @end
          AND (left_at IS NULL OR left_at >= @start) ORDER BY user_id, joined_at`,
      )
      .all({ appId, roomId, userIds: JSON.stringify(userIds), start: w.start, end: w.end });
    const streamsOf = this.db.prepare<[string], StreamRow>('SELECT * FROM stream_records WHERE session_id = ?');
    const now = this.now();
    const byUser = new Map<
      string,
      { audio: { Time: number; Value: number }[]; video: { Time: number; Value: number }[] }
    >();
    for (const s of sessions) {
      const streams = streamsOf.all(s.session_id);
      const series = byUser.get(s.user_id) ?? { audio: [], video: [] };
      byUser.set(s.user_id, series);
      const from = Math.ceil(Math.max(w.start, s.joined_at) / 60_000) * 60_000;
      const to = Math.min(w.end, s.left_at ?? now);
      for (let t = from; t <= to; t += 60_000) {
        const open = (media: string) =>
          streams.some((r) => r.media === media && r.started_at <= t && (r.ended_at === null || r.ended_at > t));
        series.audio.push({ Time: t, Value: open('audio') ? 1 : 0 });
        series.video.push({ Time: t, Value: open('video') ? 1 : 0 });
      }
    }
    return {
      UserCallDetail: [...byUser].map(([userId, series]) => ({
        UserId: userId,
        RoomId: roomId,
        Direction: '1',
        PeerId: '',
        CallDetail: [
          { Name: 'PublishedAudio', Desc: 'audio published (1) or not (0)', Unit: '', Data: series.audio },
          { Name: 'PublishedVideo', Desc: 'video published (1) or not (0)', Unit: '', Data: series.video },
        ],
      })),
    };
  }

  /**
   * ListUsages: minutes per UTC day. A user's time in a room counts as Audio, except while the user publishes
   * video, which counts in the tier of its declared height (≤360 VideoSDM, ≤720 VideoSD, above VideoHD). Each
   * bucket's seconds are rounded up to whole minutes.
   */
  usages(appId: string, w: QueryWindow) {
    const firstDay = Math.floor(w.start / DAY_MS) * DAY_MS;
    const buckets: { day: number; audio: number; sdm: number; sd: number; hd: number }[] = [];
    for (let day = firstDay; day < w.end || day === firstDay; day += DAY_MS) {
      buckets.push({ day, audio: 0, sdm: 0, sd: 0, hd: 0 });
    }
    const now = this.now();
    const clip = (a: number, b: number, day: number): number =>
      Math.max(0, Math.min(b, w.end, day + DAY_MS) - Math.max(a, w.start, day));
    const sessions = this.db
      .prepare<{ appId: string; start: number; end: number }, SessionRow>(
        `SELECT * FROM user_sessions WHERE app_id = @appId AND joined_at <= @end
          AND (left_at IS NULL OR left_at >= @start)`,
      )
      .all({ appId, start: w.start, end: w.end });
    const videoOf = this.db.prepare<[string], StreamRow>(
      `SELECT * FROM stream_records WHERE session_id = ? AND media = 'video'`,
    );
    for (const s of sessions) {
      const videos = s.published ? videoOf.all(s.session_id) : [];
      for (const b of buckets) {
        const present = clip(s.joined_at, s.left_at ?? now, b.day);
        if (present === 0) continue;
        let video = 0;
        for (const v of videos) {
          const t = clip(v.started_at, v.ended_at ?? now, b.day);
          video += t;
          if (v.video_height <= 360) b.sdm += t;
          else if (v.video_height <= 720) b.sd += t;
          else b.hd += t;
        }
        b.audio += Math.max(0, present - video);
      }
    }
    const minutes = (ms: number): number => Math.ceil(ms / 60_000);
    return {
      Usages: buckets.map((b) => ({
        TimeStamp: formatRfc3339(b.day),
        Audio: minutes(b.audio),
        VideoSDM: minutes(b.sdm),
        VideoSD: minutes(b.sd),
        VideoHD: minutes(b.hd),
      })),
    };
  }

  /** ListRooms (legacy): room sessions with Offset/Limit; State 1 = in progress, 2 = ended. */
  rooms(appId: string, roomId: string | undefined, reverse: boolean, offset: number, limit: number) {
    const where = `app_id = @appId ${roomId !== undefined ? 'AND room_id = @roomId' : ''}`;
    const args = { appId, roomId };
    const counts = this.db
      .prepare<typeof args, { total: number; active: number }>(
        `SELECT count(*) AS total, coalesce(sum(destroyed_at IS NULL), 0) AS active FROM room_calls WHERE ${where}`,
      )
      .get(args)!;
    const rows = this.db
      .prepare<typeof args & { limit: number; offset: number }, CallRow & { users: number; streams: number }>(
        `SELECT c.*,
          (SELECT count(DISTINCT user_id) FROM user_sessions s WHERE s.call_id = c.call_id) AS users,
          (SELECT count(DISTINCT r.user_id || '/' || r.stream) FROM stream_records r
            JOIN user_sessions s ON s.session_id = r.session_id WHERE s.call_id = c.call_id) AS streams
          FROM room_calls c WHERE ${where} ORDER BY created_at ${reverse ? 'DESC' : 'ASC'}, call_id
          LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit, offset });
    const now = this.now();
    return {
      Total: counts.total,
      ActiveNum: counts.active,
      InactiveNum: counts.total - counts.active,
      Offset: offset,
      Limit: limit,
      Rooms: rows.map((r) => ({
        RoomId: r.room_id,
        AppId: r.app_id,
        UserNum: r.users,
        StreamNum: r.streams,
        State: r.destroyed_at === null ? 1 : 2,
        CreatedAt: formatRfc3339(r.created_at),
        UpdatedAt: formatRfc3339(r.destroyed_at ?? now),
      })),
    };
  }
}
