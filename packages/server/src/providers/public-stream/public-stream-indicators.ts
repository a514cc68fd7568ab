import { ApiError } from '../../errors/api-error.js';
import type { TaskStore } from '../../tasks/task-store.js';

const MINUTE = 60_000;
/** The indicator this server measures (our choice: the catalog lists no names). */
const ONLINE = 'PublicStreamOnline';

/**
 * ListRealTimePublicStreamInfo from the public streams' task rows: per requested indicator a series of one-minute
 * buckets over [StartTime, EndTime]. `PublicStreamOnline` is 1 for each minute a public stream (or `StreamId`) was
 * running; other names are answered with no data (docs/tasks.md).
 */
export function publicStreamIndicators(
  store: Pick<TaskStore, 'list'>,
  appId: string,
  params: { StartTime: string; EndTime: string; Indicator: string[]; StreamId?: string },
  now: number,
) {
  const from = Date.parse(params.StartTime);
  const to = Date.parse(params.EndTime);
  if (Number.isNaN(from)) throw new ApiError('InvalidParameter', 'StartTime must be an RFC 3339 time');
  if (Number.isNaN(to)) throw new ApiError('InvalidParameter', 'EndTime must be an RFC 3339 time');
  if (from > to) throw new ApiError('InvalidParameter.StartTimeAfterEndTime', 'StartTime is after EndTime');
  const rows = store
    .list({ appId, offset: 0, limit: 1000 })
    .rows.filter((r) => r.kind === 'public-stream' && r.startTime > 0)
    .filter((r) => params.StreamId === undefined || r.taskId === params.StreamId);
  const online: { StreamId: string; TimeStamp: string; Value: number }[] = [];
  for (let bucket = from - (from % MINUTE); bucket <= to; bucket += MINUTE) {
    for (const row of rows) {
      const end = row.endTime || now;
      if (row.startTime < bucket + MINUTE && end >= bucket) {
        online.push({ StreamId: row.taskId, TimeStamp: new Date(bucket).toISOString(), Value: 1 });
      }
    }
  }
  return {
    Indicators: params.Indicator.map((name) => ({
      Name: name,
      Unit: name === ONLINE ? 'count' : '',
      Data: name === ONLINE ? online : [],
    })),
  };
}
