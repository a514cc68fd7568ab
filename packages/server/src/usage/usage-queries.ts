import { DAY_MS, formatRfc3339, type QueryWindow } from './query-window.js';
import type { UsageQueryStore } from './usage-store.js';
import type { SessionSpans } from './session-spans.js';

/** The usage actions' Results, from the session records (`usage-store.ts`). */
export class UsageQueries {
  constructor(
    private readonly store: UsageQueryStore,
    private readonly now: () => number,
    /** The sessions overlapping a window, for the quality and operation data (providers/data-quality-usage). */
    readonly spans: SessionSpans,
  ) {}

  /** ListRoomInfo: room sessions (one per CallId) overlapping the window, oldest first. */
  roomInfo(appId: string, roomId: string | undefined, w: QueryWindow, page: { pageNum: number; pageSize: number }) {
    const { total, items } = this.store.callsInWindow({ appId, roomId }, w, offsetPaging(page));
    return {
      RoomList: items.map((r) => ({
        RoomId: r.roomId,
        CallId: r.callId,
        CreatedTime: formatRfc3339(r.createdAt),
        DestroyTime: r.destroyedAt === undefined ? '' : formatRfc3339(r.destroyedAt),
        IsFinished: r.destroyedAt !== undefined,
        ActiveUserNum: r.activeUsers,
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
    const { total, items } = this.store.sessionsInWindow(
      {
        appId,
        roomId: filter.roomId,
        ...(filter.userIds && { userIds: filter.userIds }),
        excludeServerUsers: filter.excludeServerUser,
      },
      w,
      offsetPaging(page),
    );
    const now = this.now();
    return {
      UserList: items.map((r) => {
        const record = [{ Type: 'join', Time: formatRfc3339(r.joinedAt) }];
        if (r.leftAt !== undefined) record.push({ Type: 'leave', Time: formatRfc3339(r.leftAt) });
        return {
          UserId: r.userId,
          RoomId: r.roomId,
          CallId: r.callId,
          CreatedAt: formatRfc3339(r.joinedAt),
          LeaveAt: r.leftAt === undefined ? '' : formatRfc3339(r.leftAt),
          Finished: r.leftAt !== undefined,
          Duration: Math.floor(((r.leftAt ?? now) - r.joinedAt) / 1000),
          Pub: r.published,
          DeviceType: r.deviceType,
          OS: r.os,
          SdkVersion: r.sdkVersion,
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
    const sessions = this.store.sessionsOfUsers(appId, roomId, userIds, w);
    const now = this.now();
    const byUser = new Map<
      string,
      { audio: { Time: number; Value: number }[]; video: { Time: number; Value: number }[] }
    >();
    for (const s of sessions) {
      const streams = this.store.streamsOf(s.sessionId);
      const series = byUser.get(s.userId) ?? { audio: [], video: [] };
      byUser.set(s.userId, series);
      const from = Math.ceil(Math.max(w.start, s.joinedAt) / 60_000) * 60_000;
      const to = Math.min(w.end, s.leftAt ?? now);
      for (let t = from; t <= to; t += 60_000) {
        const open = (media: string) =>
          streams.some((r) => r.media === media && r.startedAt <= t && (r.endedAt === undefined || r.endedAt > t));
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
    const sessions = this.store.sessionsOfApp(appId, w);
    for (const s of sessions) {
      const videos = s.published ? this.store.streamsOf(s.sessionId, 'video') : [];
      for (const b of buckets) {
        const present = clip(s.joinedAt, s.leftAt ?? now, b.day);
        if (present === 0) continue;
        let video = 0;
        for (const v of videos) {
          const t = clip(v.startedAt, v.endedAt ?? now, b.day);
          video += t;
          if (v.videoHeight <= 360) b.sdm += t;
          else if (v.videoHeight <= 720) b.sd += t;
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
    const counts = this.store.callSummaries({ appId, roomId }, reverse, { offset, limit });
    const now = this.now();
    return {
      Total: counts.total,
      ActiveNum: counts.active,
      InactiveNum: counts.total - counts.active,
      Offset: offset,
      Limit: limit,
      Rooms: counts.items.map((r) => ({
        RoomId: r.roomId,
        AppId: r.appId,
        UserNum: r.users,
        StreamNum: r.streams,
        State: r.destroyedAt === undefined ? 1 : 2,
        CreatedAt: formatRfc3339(r.createdAt),
        UpdatedAt: formatRfc3339(r.destroyedAt ?? now),
      })),
    };
  }
}

/** PageNum/PageSize as the store's offset and limit. */
function offsetPaging(page: { pageNum: number; pageSize: number }): { offset: number; limit: number } {
  return { offset: (page.pageNum - 1) * page.pageSize, limit: page.pageSize };
}
