import { ApiError } from '../../errors/api-error.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import { statusOf, type TaskKey, type TaskRow } from '../../tasks/task-model.js';
import type { WebRecordSpec } from '../../tasks/web-record/web-record-spec.js';
import { bucketField, spaceField } from '../task-storage-params.js';
import { httpUrlParam } from '../http-url-param.js';
import type { AreaHandlers } from '../provider.js';
import { existingTask, startTask } from '../task-actions.js';

/** A web recording has no room: its key is AppId + TaskId (RoomId empty). */
const webKey = (appId: string, taskId: string): TaskKey => ({ appId, roomId: '', taskId });

const SUCCESS = 'success';
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;

/**
 * The legacy web-page recording actions (2020-12-01; params and results after the Go SDK's deprecated models):
 * StartWebRecord, StopWebRecord, GetWebRecordTask, GetWebRecordList on the task engine (docs/tasks.md).
 */
export function webRecordHandlers(tasks: TaskEngine): AreaHandlers<'recording'> {
  return {
    StartWebRecord: async ({ version, params }, { app }) => {
      if (!tasks.store.recordingEnabled(app.appId)) {
        throw new ApiError('AccessDenied.RecordNotEnabled', `cloud recording is not enabled for app ${app.appId}`);
      }
      await startTask(tasks, 'web-record', webKey(app.appId, params.TaskId), {
        businessId: '',
        apiVersion: version,
        spec: webRecordSpec(params),
      });
      return { Message: SUCCESS };
    },

    StopWebRecord: async ({ params }, { app }) => {
      await tasks.stop('web-record', webKey(app.appId, params.TaskId));
      return { Message: SUCCESS };
    },

    GetWebRecordTask: ({ params }, { app }) => {
      const row = existingTask(tasks, 'web-record', webKey(app.appId, params.TaskId));
      const spec = row.spec as WebRecordSpec;
      const files = row.files.map((f, i) => ({ Index: i, Bucket: bucketOf(spec), ObjectKey: f.ObjectKey ?? '' }));
      return {
        // A failed task says why here (our choice: the legacy shape has no other place for it).
        Message: row.phase === 'failed' ? row.error : SUCCESS,
        EventData: {
          TaskId: row.taskId,
          Status: statusOf(row.phase),
          CreateTime: row.startTime,
          FinishTime: finishTime(row),
          Vid: row.files[0]?.Vid ?? '',
          FinalFile: files[0] ?? { Index: 0, Bucket: bucketOf(spec), ObjectKey: '' },
          Files: files,
        },
      };
    },

    GetWebRecordList: ({ params }, { app }) => {
      const pageNumber = params.PageNumber ?? 1;
      const pageSize = params.PageSize ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(pageNumber) || pageNumber < 1) {
        throw new ApiError('InvalidParameter', `PageNumber must be 1 or more, got ${pageNumber}`);
      }
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw new ApiError('InvalidParameter', `PageSize must be 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
      }
      const { total, rows } = tasks.store.list({
        appId: app.appId,
        kind: 'web-record',
        offset: (pageNumber - 1) * pageSize,
        limit: pageSize,
      });
      return {
        Message: SUCCESS,
        WebRecordList: {
          AppId: app.appId,
          Tasks: rows.map((row) => {
            const spec = row.spec as WebRecordSpec;
            return {
              TaskId: row.taskId,
              CreateTime: row.startTime,
              FinishTime: finishTime(row),
              Status: statusOf(row.phase),
              InputURL: spec.inputUrl,
              VideoSpace: spec.videoSpace,
              Vid: row.files[0]?.Vid ?? '',
              MaxRecordSecond: spec.maxRecordSeconds,
              Duration: spec.durationSeconds,
              Bucket: spec.bucket,
              ObjectKey: row.files[0]?.ObjectKey ?? '',
            };
          }),
          PageNumber: pageNumber,
          PageSize: pageSize,
          TotalCount: total,
        },
      };
    },
  };
}

const finishTime = (row: TaskRow): number => (row.phase === 'ended' || row.phase === 'failed' ? row.endTime : 0);
const bucketOf = (spec: WebRecordSpec): string => (spec.storage.type === 'vod' ? '' : spec.bucket);

interface StartWebRecordParams {
  InputURL: string;
  MaxRecordSecond?: number;
  Duration?: number;
  JsCommand?: string[];
  Bucket?: string;
  VideoSpace?: string;
  VideoInfo?: { ResolutionWidth?: number; ResolutionHeight?: number };
  PageInfo?: { PageWidth?: number; PageHeight?: number };
}

const invalid = (message: string) => new ApiError('InvalidParameter', message);

/** Reads StartWebRecord into the task's spec, refusing with the field named. */
function webRecordSpec(params: StartWebRecordParams): WebRecordSpec {
  const url = httpUrlParam(params.InputURL, 'InputURL');
  const bucket = params.Bucket ?? '';
  const space = params.VideoSpace ?? '';
  if (bucket !== '' && space !== '') throw invalid('give Bucket (TOS) or VideoSpace (VOD), not both');
  if (bucket === '' && space === '') throw invalid('Bucket (TOS) or VideoSpace (VOD) is required');
  if (bucket !== '') bucketField(bucket, 'Bucket');
  if (space !== '') spaceField(space, 'VideoSpace');
  const seconds = (value: number | undefined, field: string) => {
    const n = value ?? 0;
    if (!Number.isInteger(n) || n < 0) throw invalid(`${field} must be 0 (no limit) or a number of seconds, got ${n}`);
    return n;
  };
  const width = dimension(params.VideoInfo?.ResolutionWidth, 1280, 'VideoInfo.ResolutionWidth');
  const height = dimension(params.VideoInfo?.ResolutionHeight, 720, 'VideoInfo.ResolutionHeight');
  return {
    inputUrl: url.href,
    maxRecordSeconds: seconds(params.MaxRecordSecond, 'MaxRecordSecond'),
    durationSeconds: seconds(params.Duration, 'Duration'),
    jsCommands: params.JsCommand ?? [],
    storage: bucket !== '' ? { type: 'object', bucket, vendor: 'tos' } : { type: 'vod', space },
    bucket,
    videoSpace: space,
    video: { width, height },
    page: {
      width: dimension(params.PageInfo?.PageWidth, width, 'PageInfo.PageWidth'),
      height: dimension(params.PageInfo?.PageHeight, height, 'PageInfo.PageHeight'),
    },
  };
}

/** A size in pixels: 0 or absent is the default; even (H.264 4:2:0), 16 to 3840. */
function dimension(value: number | undefined, fallback: number, field: string): number {
  const n = value === undefined || value === 0 ? fallback : value;
  if (!Number.isInteger(n) || n < 16 || n > 3840 || n % 2 !== 0) {
    throw invalid(`${field} must be an even number of pixels from 16 to 3840, got ${n}`);
  }
  return n;
}
