import { ApiError } from '../../errors/api-error.js';
import type { PublicStreamSpec } from '../../tasks/public-stream/public-stream-runner.js';
import type { StreamRef } from '../../tasks/recording/recording-spec.js';
import { layoutOf } from '../recording/record-layout.js';

interface PublicStreamRef {
  RoomId: string;
  UserId?: string;
  StreamType?: number;
  Index?: number;
}

/** The StartPushPublicStream / UpdatePublicStreamParam fields every version shares by name. */
export interface PublicStreamParams {
  TargetStreams: PublicStreamRef[];
  ExcludeStreams?: PublicStreamRef[];
  Control?: { MaxIdleTime?: number };
  Encode?: { VideoConfig?: { Width?: number; Height?: number; FrameRate?: number; Bitrate?: number } };
  Layout?: {
    LayoutMode: number;
    CustomLayout?: {
      BackgroundColor?: string;
      Regions: {
        StreamIndex: number;
        WidthProportion: number;
        HeightProportion: number;
        LocationX?: number;
        LocationY?: number;
        ZOrder?: number;
        Alpha?: number;
      }[];
    };
  };
  TranscodeMode?: number;
}

/** Catalog: at most 17 TargetStreams and 17 ExcludeStreams. */
const MAX_STREAMS = 17;
const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

function refs(list: readonly PublicStreamRef[], field: string, roomId: string): StreamRef[] {
  if (list.length > MAX_STREAMS) throw invalid(`${field} has at most ${MAX_STREAMS} streams`);
  const indexes = new Set<number>();
  return list.flatMap((s, i) => {
    if (s.RoomId !== roomId) {
      throw invalid(`${field}[${i}].RoomId must be ${roomId}: a public stream is made from one room on this server`);
    }
    const streamType = s.StreamType ?? 0;
    if (streamType !== 0 && streamType !== 1) throw invalid(`${field}[${i}].StreamType must be 0 or 1`);
    if (s.Index !== undefined) {
      if (indexes.has(s.Index)) throw invalid(`${field}[${i}].Index ${s.Index} is used twice`);
      indexes.add(s.Index);
    }
    // An entry without a UserId names the whole room.
    if (!s.UserId) return [];
    return [{ userId: s.UserId, streamType, ...(s.Index !== undefined && { index: s.Index }) }];
  });
}

/** StartPushPublicStream (and UpdatePublicStreamParam, which gives the same fields) read into a spec. */
export function publicStreamSpec(params: PublicStreamParams, previous?: PublicStreamSpec): PublicStreamSpec {
  const roomId = params.TargetStreams[0]?.RoomId;
  if (!roomId) throw invalid('TargetStreams must name at least one stream (its RoomId)');
  const wholeRoom = params.TargetStreams.some((t) => !t.UserId);
  const named = refs(params.TargetStreams, 'TargetStreams', roomId);
  const targets = wholeRoom ? [] : named;
  const transcodeMode = params.TranscodeMode ?? 0;
  if (transcodeMode !== 0 && transcodeMode !== 1) throw invalid('TranscodeMode must be 0 or 1');
  if (transcodeMode === 1 && (params.TargetStreams.length !== 1 || targets.length !== 1)) {
    throw invalid('TranscodeMode 1 (remux) takes exactly one TargetStreams entry with a UserId');
  }
  const video = params.Encode?.VideoConfig ?? {};
  const width = video.Width ?? previous?.encode.width ?? 640;
  const height = video.Height ?? previous?.encode.height ?? 480;
  if (width % 2 !== 0 || height % 2 !== 0) throw invalid('Encode.VideoConfig.Width and Height must be even');
  const layoutParam = params.Layout ?? { LayoutMode: 0 };
  const custom = layoutParam.CustomLayout;
  const { layout, background } = layoutOf(
    {
      LayoutMode: layoutParam.LayoutMode,
      ...(custom && {
        CustomLayout: {
          Canvas: { Width: width, Height: height, Background: custom.BackgroundColor ?? '#000000' },
          Regions: custom.Regions,
        },
      }),
    },
    named,
  );
  return {
    roomId,
    maxIdleSeconds: params.Control?.MaxIdleTime ?? previous?.maxIdleSeconds ?? 180,
    encode: {
      width,
      height,
      fps: Math.min(60, Math.max(1, video.FrameRate ?? 15)),
      gopSeconds: 4,
      videoCodec: 'h264',
      videoKbps: Math.max(0, video.Bitrate ?? 0),
      audioKbps: 64,
      sampleRate: 48000,
      channels: 2,
    },
    background,
    layout,
    targets,
    excludes: refs(params.ExcludeStreams ?? [], 'ExcludeStreams', roomId),
    transcodeMode,
  };
}
