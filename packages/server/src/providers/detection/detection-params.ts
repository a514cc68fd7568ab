import { ApiError } from '../../errors/api-error.js';
import type { DetectionSpec } from '../../tasks/detection/detection-spec.js';

/** StartDetection's params, the same in both versions (the schema checked their types and ranges). */
export interface StartDetectionParams {
  RoomId: string;
  UserId?: string;
  Callback?: string;
  CallbackType?: number;
  MediaType?: number;
  Interval?: number;
  Duration?: number;
  IdleSec?: number;
}

/** Catalog defaults: snapshots and audio (3), a snapshot every 2 s, 20 s slices, 180 s idle. */
const DEFAULTS = { mediaType: 3, intervalMs: 2000, durationMs: 20_000, idleSeconds: 180 } as const;

const CALLBACK_MAX_LENGTH = 1024;

/**
 * Reads a StartDetection call into the task's spec. Callback, when given, must be an absolute http(s) URL (our
 * choice, stricter than the page, which says an invalid address runs the task without callbacks): a mistyped URL is
 * named at once instead of losing every result. An empty Callback runs the task without POSTs.
 */
export function detectionSpec(params: StartDetectionParams, createdAt: number): DetectionSpec {
  return {
    userId: params.UserId ?? '',
    mediaType: (params.MediaType ?? DEFAULTS.mediaType) as 1 | 2 | 3,
    intervalMs: params.Interval ?? DEFAULTS.intervalMs,
    durationMs: params.Duration ?? DEFAULTS.durationMs,
    idleSeconds: params.IdleSec ?? DEFAULTS.idleSeconds,
    callback: callbackUrl(params.Callback ?? ''),
    callbackType: (params.CallbackType ?? 0) as 0 | 1,
    createdAt,
  };
}

function callbackUrl(raw: string): string {
  if (raw === '') return '';
  const refused = () =>
    new ApiError(
      'InvalidParameter',
      `Callback must be an absolute http or https URL, got ${JSON.stringify(short(raw))}`,
    );
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused();
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw refused();
  if (raw.length > CALLBACK_MAX_LENGTH) {
    throw new ApiError('InvalidParameter', `Callback must be at most ${CALLBACK_MAX_LENGTH} characters`);
  }
  return raw;
}

/** A refused value, quoted short, without what could be a password (user:password@). */
function short(raw: string): string {
  const text = raw.replace(/\/\/[^/@]*@/, '//…@');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
