/** The bucket whiteboard files go to unless a request names another: transcoded pages, and every recording. */
export const WHITEBOARD_BUCKET = 'whiteboard';

/** A transcode's status as WbTranscodeQuery answers it (the 2020-12-01 values: 0 not started, ..., 3 failure). */
export const TRANSCODE_STATUS = { queued: 0, converting: 1, done: 2, failed: 3 } as const;

/** Why a transcode failed: ErrCode and its number ErrCodeN (this server's; the catalog lists none). */
export const TRANSCODE_ERRORS = {
  DownloadFailed: 1001,
  UnsupportedFormat: 1002,
  ConvertFailed: 1003,
  StorageFailed: 1004,
  ServerRestart: 1005,
} as const;
export type TranscodeErrorCode = keyof typeof TRANSCODE_ERRORS;

/** What a transcode was asked to do, normalised from either version's params. */
export interface TranscodeRequest {
  resource: string;
  fileName: string;
  /** 0 static pages; 1 dynamic (kept, and answered; a PDF has no animations, so both render pages). */
  mode: number;
  /** Bounding box of the page images (px); ForceUseResolution stretches to exactly it. */
  width: number;
  height: number;
  force: boolean;
  /** 1: JPEG; anything else PNG. */
  outputFormat: number;
  thumbnail: { width: number; height: number } | undefined;
  bucket: string;
}

export interface TranscodePage {
  key: string;
  thumbnailKey: string;
}

export interface Transcode {
  appId: string;
  taskId: string;
  status: number;
  progress: number;
  errCode: string;
  errCodeN: number;
  errMsg: string;
  request: TranscodeRequest;
  /** The rendered size of the first page. */
  width: number;
  height: number;
  pages: TranscodePage[];
}
