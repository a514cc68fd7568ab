import { ApiError } from '../../errors/api-error.js';
import type { RecordingLayout, SpecRegion, StreamRef } from '../../tasks/recording/recording-spec.js';

/** A Region as every version spells it: pixels (2023-11-01) or proportions of the canvas (older versions). */
interface RegionParam {
  StreamIndex: number;
  LocationX?: number;
  LocationY?: number;
  Width?: number;
  Height?: number;
  WidthProportion?: number;
  HeightProportion?: number;
  ZOrder?: number;
  Alpha?: number;
}

export interface LayoutParam {
  LayoutMode?: number;
  /** The main stream of LayoutMode 1 and 3 (2022-06-01 on). */
  MainVideoStream?: { UserId: string; StreamType?: number; Index?: number };
  /** 2020-12-01: the main stream by its Index. */
  MainVideoStreamIndex?: number;
  CustomLayout?: {
    Canvas?: { Width?: number; Height?: number; Background?: string };
    Regions?: RegionParam[];
  };
}

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/**
 * The layout and canvas colour of a Layout param. LayoutMode 0 is the automatic grid; 1 (vertical) and 3 (side by
 * side) show a main stream large and the others beside it; 2 places each stream in the region whose StreamIndex is
 * its TargetStreams Index (research 1.2: a region naming no target Index is refused).
 */
export function layoutOf(
  layout: LayoutParam | undefined,
  targets: readonly StreamRef[],
): { layout: RecordingLayout; background: string } {
  const mode = layout?.LayoutMode ?? 0;
  const background = layout?.CustomLayout?.Canvas?.Background ?? '#000000';
  if (!/^#[0-9a-fA-F]{6}$/.test(background)) {
    throw invalid('Layout.CustomLayout.Canvas.Background must be a colour like #000000');
  }
  if (mode === 0) return { layout: { mode: 'grid' }, background };
  if (mode === 1 || mode === 3) return { layout: featuredLayout(mode, layout!), background };
  if (mode !== 2) throw invalid(`Layout.LayoutMode must be 0, 1, 2 or 3, got ${mode}`);
  const canvas = {
    width: layout?.CustomLayout?.Canvas?.Width ?? 640,
    height: layout?.CustomLayout?.Canvas?.Height ?? 480,
  };
  const regions = layout?.CustomLayout?.Regions ?? [];
  if (regions.length === 0) throw invalid('Layout.CustomLayout.Regions must list a region when LayoutMode is 2');
  const indexes = new Set(targets.flatMap((t) => (t.index === undefined ? [] : [t.index])));
  return {
    layout: { mode: 'custom', canvas, regions: regions.map((r, i) => specRegion(r, i, canvas, indexes)) },
    background,
  };
}

function specRegion(
  r: RegionParam,
  i: number,
  canvas: { width: number; height: number },
  targetIndexes: ReadonlySet<number>,
): SpecRegion {
  const field = `Layout.CustomLayout.Regions[${i}]`;
  if (!targetIndexes.has(r.StreamIndex)) {
    throw invalid(`${field}.StreamIndex ${r.StreamIndex} is not the Index of a stream in TargetStreams`);
  }
  // Older versions give sizes as proportions; their locations are read as proportions too when at most 1.
  const proportional = r.WidthProportion !== undefined || r.HeightProportion !== undefined;
  const at = (value: number | undefined, size: number) =>
    Math.round(proportional && (value ?? 0) <= 1 ? (value ?? 0) * size : (value ?? 0));
  const x = at(r.LocationX, canvas.width);
  const y = at(r.LocationY, canvas.height);
  const width = Math.round(proportional ? (r.WidthProportion ?? 1) * canvas.width : (r.Width ?? 0));
  const height = Math.round(proportional ? (r.HeightProportion ?? 1) * canvas.height : (r.Height ?? 0));
  // A region is clipped to the canvas; what is left must be at least 2 x 2 pixels.
  const clipped = { width: Math.min(width, canvas.width - x), height: Math.min(height, canvas.height - y) };
  if (x < 0 || y < 0 || clipped.width < 2 || clipped.height < 2) {
    throw invalid(`${field} must lie on the ${canvas.width}x${canvas.height} canvas and be at least 2x2 pixels`);
  }
  const alpha = r.Alpha ?? 1;
  if (!(alpha > 0 && alpha <= 1)) throw invalid(`${field}.Alpha must be in (0, 1]`);
  return { streamIndex: r.StreamIndex, x, y, ...clipped, zOrder: r.ZOrder ?? 0, alpha };
}

/** LayoutMode 1 or 3 and its main stream: MainVideoStream, or 2020-12-01's MainVideoStreamIndex. */
function featuredLayout(mode: 1 | 3, layout: LayoutParam): RecordingLayout {
  const featured: RecordingLayout = { mode: mode === 1 ? 'vertical' : 'side' };
  const main = layout.MainVideoStream;
  if (main) {
    const streamType = main.StreamType ?? 0;
    if (streamType !== 0 && streamType !== 1) throw invalid('Layout.MainVideoStream.StreamType must be 0 or 1');
    featured.main = { userId: main.UserId, streamType };
  } else if (layout.MainVideoStreamIndex !== undefined) {
    if (!Number.isInteger(layout.MainVideoStreamIndex) || layout.MainVideoStreamIndex < 0) {
      throw invalid('Layout.MainVideoStreamIndex must be a stream Index (0 or more)');
    }
    featured.mainIndex = layout.MainVideoStreamIndex;
  }
  return featured;
}
