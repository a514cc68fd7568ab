import { ApiError } from '../../errors/api-error.js';
import type { RelaySpec } from '../../tasks/relay/relay-spec.js';

export interface RelayControlParams {
  StreamUrl: string;
  Bitrate?: number;
  FrameRate?: number;
  Loop?: boolean;
  MediaType?: number;
  StartTimeStamp?: number;
  StreamMode?: number;
  VideoHeight?: number;
  VideoWidth?: number;
}

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/**
 * A source ffmpeg may open for a relay: http(s), rtmp(s), file:// or an absolute path of this machine (a local
 * emulator's files). ffmpeg's other protocols (concat:, pipe:, subfile:, ...) are refused.
 */
export function sourceUrl(text: string): string {
  if (text.startsWith('/')) return text;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const schemes = ['http:', 'https:', 'rtmp:', 'rtmps:', 'file:'];
  if (!url || !schemes.includes(url.protocol) || (url.protocol !== 'file:' && !url.hostname)) {
    throw invalid('Control.StreamUrl must be an http(s), rtmp(s) or file URL (or an absolute path on this server)');
  }
  return text;
}

/** StartRelayStream (and UpdateRelayStream's Control) read into a relay spec. */
export function relaySpec(
  params: { UserId: string; MaxIdleTime?: number; Control: RelayControlParams },
  createdAt: number,
): RelaySpec {
  const c = params.Control;
  const mediaType = c.MediaType ?? 0;
  if (mediaType !== 0 && mediaType !== 1 && mediaType !== 2) throw invalid('Control.MediaType must be 0, 1 or 2');
  const streamMode = c.StreamMode ?? 0;
  if (streamMode !== 0 && streamMode !== 1) throw invalid('Control.StreamMode must be 0 (transcode) or 1 (remux)');
  return {
    userId: params.UserId,
    streamUrl: sourceUrl(c.StreamUrl),
    mediaType,
    streamMode,
    loop: c.Loop ?? false,
    frameRate: Math.min(30, Math.max(1, c.FrameRate ?? 15)),
    videoWidth: c.VideoWidth ?? 0,
    videoHeight: c.VideoHeight ?? 0,
    startTimeStamp: Math.max(0, c.StartTimeStamp ?? 0),
    maxIdleSeconds: params.MaxIdleTime ?? 300,
    createdAt,
  };
}
