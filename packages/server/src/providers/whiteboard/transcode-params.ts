import { ApiError } from '../../errors/api-error.js';
import { bucketProblem } from '../../storage/object-store.js';
import { WHITEBOARD_BUCKET, type TranscodeRequest } from '../../whiteboard/transcode-model.js';

/** The fields of a WbTranscodeCreate, whichever version spelt them (2020-12-01 snake_case, 2023-11-01 PascalCase). */
export interface CreateFields {
  resource: string;
  fileName: string | undefined;
  mode: number;
  bucket: string | undefined;
  customStorage: boolean;
  config:
    | {
        force: boolean;
        outputFormat: number;
        width: number;
        height: number;
        thumbnail: boolean;
        thumbnailWidth: number | undefined;
        thumbnailHeight: number | undefined;
      }
    | undefined;
  /** The field names of this version, for error messages. */
  names: {
    resource: string;
    mode: string;
    bucket: string;
    custom: string;
    width: string;
    height: string;
    thumb: string;
  };
}

const DEFAULT_BOX = { width: 1280, height: 720 };
const DEFAULT_THUMBNAIL = { width: 320, height: 180 };
const MAX_SIDE = 4096;

/** Extensions of documents the real service converts and this server does not (only PDF is rendered here). */
const OTHER_DOCUMENTS = ['ppt', 'pptx', 'pps', 'ppsx', 'doc', 'docx', 'xls', 'xlsx', 'key', 'odp', 'odt', 'txt', 'rtf'];

function side(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined || value === 0) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_SIDE) {
    throw new ApiError('InvalidParameter', `${field} must be from 1 to ${MAX_SIDE} pixels (0: the default)`);
  }
  return value;
}

/** Checks what the schema cannot and answers the normalised request. */
export function transcodeRequest(f: CreateFields): TranscodeRequest {
  let url: URL;
  try {
    url = new URL(f.resource);
  } catch {
    throw new ApiError('InvalidParameter', `${f.names.resource} must be an http or https URL of the document`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || f.resource.length > 2048) {
    throw new ApiError(
      'InvalidParameter',
      `${f.names.resource} must be an http or https URL of at most 2048 characters`,
    );
  }
  const fileName = f.fileName || decodeURIComponent(url.pathname.split('/').at(-1) ?? '') || 'document.pdf';
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext !== undefined && OTHER_DOCUMENTS.includes(ext)) {
    throw new ApiError('InvalidParameter', `${f.names.resource}: .${ext} documents are not transcoded, only PDF`);
  }
  if (f.mode !== 0 && f.mode !== 1) throw new ApiError('InvalidParameter', `${f.names.mode} must be 0 or 1`);
  if (f.customStorage) {
    throw new ApiError('InvalidParameter', `${f.names.custom}: third-party storage is not supported; use TosConfig`);
  }
  const bucket = f.bucket ?? WHITEBOARD_BUCKET;
  const problem = bucketProblem(bucket);
  if (problem) throw new ApiError('InvalidParameter', `${f.names.bucket}: ${problem}`);
  const c = f.config;
  return {
    resource: f.resource,
    fileName: fileName.slice(0, 256),
    mode: f.mode,
    width: side(c?.width, DEFAULT_BOX.width, f.names.width),
    height: side(c?.height, DEFAULT_BOX.height, f.names.height),
    force: c?.force ?? false,
    outputFormat: c?.outputFormat ?? 0,
    thumbnail: c?.thumbnail
      ? {
          width: side(c.thumbnailWidth, DEFAULT_THUMBNAIL.width, `${f.names.thumb}Width`),
          height: side(c.thumbnailHeight, DEFAULT_THUMBNAIL.height, `${f.names.thumb}Height`),
        }
      : undefined,
    bucket,
  };
}
