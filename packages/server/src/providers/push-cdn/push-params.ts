import { ApiError } from '../../errors/api-error.js';
import type { EncodeSettings } from '../../media/media-worker.js';
import type { PushSpec } from '../../tasks/push/push-spec.js';
import { layoutOf, type LayoutParam } from '../recording/record-layout.js';
import { streamRefs, type EncodeParam, type StreamListParam } from '../recording/record-params.js';

/** The StartPushMixedStreamToCDN fields every version shares by name. */
export interface MixedPushParams {
  PushURL: string;
  Control?: { MaxIdleTime?: number; MediaType?: number; PushStreamMode?: number };
  Encode?: EncodeParam;
  Layout?: LayoutParam;
  TargetStreams?: StreamListParam;
  ExcludeStreams?: StreamListParam;
}

export interface SinglePushParams {
  PushURL: string;
  Control?: { MaxIdleTime?: number; MediaType?: number };
  Stream: { UserId?: string; StreamType?: number };
}

/** Research 2: 17 streams in a mix, 30 with a custom layout (more: InvalidParameter). */
const MAX_MIXED = 17;
const MAX_CUSTOM = 30;
const AAC_RATES = new Set([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]);

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/** PushURL must be an RTMP URL with a host and an application path (InvalidParameter.InvalidRtmpAddress). */
export function rtmpUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'rtmp:' && url.protocol !== 'rtmps:') || !url.hostname || url.pathname.length < 2) {
    throw new ApiError(
      'InvalidParameter.InvalidRtmpAddress',
      'PushURL must be an RTMP address: rtmp://host[:port]/app/stream (only RTMP is supported)',
    );
  }
  return text;
}

function encodeOf(e: MixedPushParams['Encode'] = {}): EncodeSettings {
  const width = e.VideoWidth ?? 640;
  const height = e.VideoHeight ?? 480;
  if (width % 2 !== 0) throw invalid(`Encode.VideoWidth must be even, got ${width}`);
  if (height % 2 !== 0) throw invalid(`Encode.VideoHeight must be even, got ${height}`);
  if (e.VideoCodec === 1) throw invalid('Encode.VideoCodec 1 (ByteVC1) cannot be pushed over RTMP here; use 0 (H.264)');
  const sampleRate = e.AudioSampleRate ?? 48000;
  if (!AAC_RATES.has(sampleRate)) throw invalid(`Encode.AudioSampleRate ${sampleRate} is not an AAC sample rate`);
  const channels = e.AudioChannels ?? 2;
  if (channels !== 1 && channels !== 2) throw invalid('Encode.AudioChannels must be 1 or 2');
  return {
    width,
    height,
    fps: clamp(e.VideoFps ?? 15, 1, 60),
    gopSeconds: clamp(e.VideoGop ?? 4, 1, 5),
    videoCodec: 'h264',
    videoKbps: clamp(e.VideoBitrate ?? 0, 0, 10000),
    audioKbps: clamp(e.AudioBitrate ?? 64, 32, 192),
    sampleRate,
    channels,
  };
}

function mediaType(control: { MediaType?: number } | undefined): boolean {
  const type = control?.MediaType ?? 0;
  if (type !== 0 && type !== 1) throw invalid('Control.MediaType must be 0 (audio and video) or 1 (audio only)');
  return type === 1;
}

/** StartPushMixedStreamToCDN read into a push spec, refusing with the field named what the schema cannot check. */
export function mixedPushSpec(params: MixedPushParams): PushSpec {
  const pushUrl = rtmpUrl(params.PushURL);
  const custom = (params.Layout?.LayoutMode ?? 0) === 2;
  const targets = streamRefs(params.TargetStreams, 'TargetStreams', custom ? MAX_CUSTOM : MAX_MIXED);
  const { layout, background } = layoutOf(params.Layout, targets);
  const mode = params.Control?.PushStreamMode ?? 0;
  if (mode !== 0 && mode !== 1) throw invalid('Control.PushStreamMode must be 0 or 1');
  return {
    mode: 'mixed',
    pushUrl,
    audioOnly: mediaType(params.Control),
    maxIdleSeconds: params.Control?.MaxIdleTime ?? 180,
    waitForPublisher: mode === 0,
    encode: encodeOf(params.Encode),
    background,
    layout,
    targets,
    excludes: streamRefs(params.ExcludeStreams, 'ExcludeStreams', MAX_MIXED),
  };
}

/**
 * UpdatePushMixedStreamToCDN: Layout, TargetStreams, ExcludeStreams, Control and Encode replace the running push's
 * (IsUpdatePartialParam or not: a field left out keeps its value, our reading). The push's URL stays.
 */
export function updatedPushSpec(spec: PushSpec, update: Omit<MixedPushParams, 'PushURL'>): PushSpec {
  if (spec.mode !== 'mixed') throw invalid('UpdatePushMixedStreamToCDN updates mixed pushes only; this one is single');
  const custom = (update.Layout?.LayoutMode ?? (spec.layout.mode === 'custom' ? 2 : 0)) === 2;
  const targets = update.TargetStreams
    ? streamRefs(update.TargetStreams, 'TargetStreams', custom ? MAX_CUSTOM : MAX_MIXED)
    : spec.targets;
  const next: PushSpec = { ...spec, targets };
  if (update.ExcludeStreams) next.excludes = streamRefs(update.ExcludeStreams, 'ExcludeStreams', MAX_MIXED);
  if (update.Layout) Object.assign(next, layoutOf(update.Layout, targets));
  if (update.Encode) next.encode = encodeOf({ ...encodeParams(spec.encode), ...update.Encode });
  if (update.Control?.MaxIdleTime !== undefined) next.maxIdleSeconds = update.Control.MaxIdleTime;
  if (update.Control?.MediaType !== undefined) next.audioOnly = mediaType(update.Control);
  return next;
}

/** StartPushSingleStreamToCDN: one stream, pushed when it publishes, AAC stereo at 44.1 kHz (catalog). */
export function singlePushSpec(params: SinglePushParams): PushSpec {
  const userId = params.Stream.UserId;
  if (!userId) throw new ApiError('MissingParameter.NoUserId', 'Stream.UserId names the stream to push');
  const streamType = params.Stream.StreamType ?? 0;
  if (streamType !== 0 && streamType !== 1) throw invalid('Stream.StreamType must be 0 or 1');
  return {
    mode: 'single',
    pushUrl: rtmpUrl(params.PushURL),
    audioOnly: mediaType(params.Control),
    maxIdleSeconds: params.Control?.MaxIdleTime ?? 180,
    waitForPublisher: true,
    encode: { ...encodeOf(), sampleRate: 44100, channels: 2 },
    background: '#000000',
    layout: { mode: 'grid' },
    targets: [{ userId, streamType }],
    excludes: [],
  };
}

/** The spec's encode settings as Encode params (what Get*Task reports). */
export function encodeParams(e: EncodeSettings) {
  return {
    VideoWidth: e.width,
    VideoHeight: e.height,
    VideoFps: e.fps,
    VideoGop: e.gopSeconds,
    VideoBitrate: e.videoKbps,
    VideoCodec: 0,
    AudioBitrate: e.audioKbps,
    AudioSampleRate: e.sampleRate,
    AudioChannels: e.channels,
  };
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
