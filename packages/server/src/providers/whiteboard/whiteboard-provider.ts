import { ApiError } from '../../errors/api-error.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import type { Transcode } from '../../whiteboard/transcode-model.js';
import type { TranscodeJobs } from '../../whiteboard/transcode-jobs.js';
import type { TranscodeStore } from '../../whiteboard/transcode-store.js';
import { defineProvider, type Provider } from '../provider.js';
import { transcodeRequest } from './transcode-params.js';
import { wbRecordHandlers } from './wb-record-actions.js';

export interface WhiteboardDomains {
  transcodes: TranscodeStore;
  jobs: TranscodeJobs;
  /** The media task engine whiteboard recordings run on. */
  tasks: TaskEngine;
}

/** Where a page is: the object store's bucket and key (the local store has no HTTP endpoint). */
const objectUrl = (bucket: string, key: string): string => (key === '' ? '' : `tos://${bucket}/${key}`);

/**
 * Document transcoding (WbTranscodeCreate, WbTranscodeQuery, WbTranscodeGet): PDFs rendered page by page into
 * images in the object store (whiteboard/transcode-jobs.ts). The 2020-12-01 versions name the app `app_id`; the
 * authorize stage reads it as it reads AppId (sub-user policies, ownership). Whiteboard recording (StartWBRecord,
 * StopWBRecord) runs on the task engine (wb-record-actions.ts).
 */
export function whiteboardProvider({ transcodes, jobs, tasks }: WhiteboardDomains): Provider<'whiteboard'> {
  async function existing(appId: string, taskId: string, field: string): Promise<Transcode> {
    if (taskId === '' || taskId.length > 128)
      throw new ApiError('InvalidParameter', `${field} must be 1 to 128 characters`);
    const t = await transcodes.find(appId, taskId);
    if (t === undefined) throw new ApiError('InvalidParameter', `${field} ${taskId} names no transcode of this app`);
    return t;
  }

  return defineProvider('whiteboard', {
    ...wbRecordHandlers(tasks),
    async WbTranscodeCreate(call, { app }) {
      if (call.version === '2020-12-01') {
        const p = call.params;
        const c = p.transcode_config;
        const request = transcodeRequest({
          resource: p.resource,
          fileName: p.resource_attr?.file_name,
          mode: p.transcode_mode ?? 0,
          bucket: p.storage_config?.tos_config?.bucket,
          customStorage: p.storage_config?.custom_config !== undefined,
          config: c && {
            force: c.force_use_resolution ?? false,
            outputFormat: c.output_format,
            width: c.output_width,
            height: c.output_height,
            thumbnail: c.thumbnail ?? false,
            thumbnailWidth: c.thumbnail_width,
            thumbnailHeight: c.thumbnail_height,
          },
          names: {
            resource: 'resource',
            mode: 'transcode_mode',
            bucket: 'storage_config.tos_config.bucket',
            custom: 'storage_config.custom_config',
            width: 'transcode_config.output_width',
            height: 'transcode_config.output_height',
            thumb: 'transcode_config.thumbnail_',
          },
        });
        return { task_id: await jobs.create(app.appId, request) };
      }
      const p = call.params;
      const c = p.TranscodeConfig;
      const request = transcodeRequest({
        resource: p.Resource,
        fileName: p.ResourceAttr?.FileName,
        mode: p.TranscodeMode,
        bucket: p.StorageConfig?.TosConfig?.Bucket,
        customStorage: p.StorageConfig?.CustomConfig !== undefined,
        config: c && {
          force: c.ForceUseResolution,
          outputFormat: c.OutputFormat,
          width: c.OutputWidth,
          height: c.OutputHeight,
          thumbnail: c.Thumbnail,
          thumbnailWidth: c.ThumbnailWidth,
          thumbnailHeight: c.ThumbnailHeight,
        },
        names: {
          resource: 'Resource',
          mode: 'TranscodeMode',
          bucket: 'StorageConfig.TosConfig.Bucket',
          custom: 'StorageConfig.CustomConfig',
          width: 'TranscodeConfig.OutputWidth',
          height: 'TranscodeConfig.OutputHeight',
          thumb: 'TranscodeConfig.Thumbnail',
        },
      });
      return { TaskId: await jobs.create(app.appId, request) };
    },

    async WbTranscodeQuery(call, { app }) {
      if (call.version === '2020-12-01') {
        const t = await existing(app.appId, call.params.task_id, 'task_id');
        return { status: t.status, progress: t.progress, err_code: t.errCodeN, err_msg: t.errMsg };
      }
      const t = await existing(app.appId, call.params.TaskId, 'TaskId');
      return { Status: t.status, Progress: t.progress, ErrCode: t.errCode, ErrCodeN: t.errCodeN, ErrMsg: t.errMsg };
    },

    async WbTranscodeGet(call, { app }) {
      if (call.version === '2020-12-01') {
        const t = await existing(app.appId, call.params.task_id, 'task_id');
        return {
          file_id: t.taskId,
          file_name: t.request.fileName,
          width: t.width,
          height: t.height,
          transcode_mode: t.request.mode,
          images: t.pages.map((page, i) => ({
            page_id: i + 1,
            img: objectUrl(t.request.bucket, page.key),
            thumbnail_url: objectUrl(t.request.bucket, page.thumbnailKey),
            warning: '',
          })),
        };
      }
      const t = await existing(app.appId, call.params.TaskId, 'TaskId');
      return {
        FileId: t.taskId,
        FileName: t.request.fileName,
        Width: t.width,
        Height: t.height,
        TranscodeMode: t.request.mode,
        ThumbnailWidth: t.request.thumbnail?.width ?? 0,
        ThumbnailHeight: t.request.thumbnail?.height ?? 0,
        Images: t.pages.map((page, i) => ({
          PageId: i + 1,
          ImgUrl: objectUrl(t.request.bucket, page.key),
          ThumbnailUrl: objectUrl(t.request.bucket, page.thumbnailKey),
          Warning: '',
        })),
      };
    },
  });
}
