import type { PushSpec } from '../../tasks/push/push-spec.js';
import { PushStreamState } from '../../tasks/push/push-session.js';
import type { StreamRef } from '../../tasks/recording/recording-spec.js';
import type { TaskRow } from '../../tasks/task-model.js';
import { taskState } from '../task-actions.js';
import { encodeParams } from './push-params.js';

const streamList = (refs: readonly StreamRef[]) => ({
  StreamList: refs.map((r) => ({
    UserId: r.userId,
    StreamType: r.streamType,
    ...(r.index !== undefined && { Index: r.index }),
  })),
});

const LAYOUT_MODE = { grid: 0, vertical: 1, custom: 2, side: 3 } as const;

/** Research 2: meaningful while Status is 2 (the live session's state; 1 before it has one), 6 once ended, else 0. */
export function pushStreamState(row: TaskRow, live: number | undefined): number {
  if (row.phase === 'ended') return PushStreamState.Stopped;
  if (row.phase === 'running') return live ?? PushStreamState.NotPushing;
  if (row.phase === 'stopping') return PushStreamState.Stopped;
  return PushStreamState.Unknown;
}

/**
 * GetPushMixedStreamToCDNTask's PushMixedStreamToCDNTask, from the task's spec: custom regions in pixels, or (2020-12-01)
 * as proportions of the canvas.
 */
export function mixedPushTask(row: TaskRow, live: number | undefined, version: string) {
  const spec = row.spec as PushSpec;
  const layout = spec.layout;
  const proportional = version === '2020-12-01';
  return {
    ...taskState(row),
    PushURL: spec.pushUrl,
    PushStreamState: pushStreamState(row, live),
    Control: {
      MaxIdleTime: spec.maxIdleSeconds,
      MediaType: spec.audioOnly ? 1 : 0,
      PushStreamMode: spec.waitForPublisher ? 0 : 1,
    },
    Encode: encodeParams(spec.encode),
    TargetStreams: streamList(spec.targets),
    ExcludeStreams: streamList(spec.excludes),
    Layout:
      layout.mode !== 'custom'
        ? { LayoutMode: LAYOUT_MODE[layout.mode] }
        : {
            LayoutMode: 2,
            CustomLayout: {
              Canvas: { Width: layout.canvas.width, Height: layout.canvas.height, Background: spec.background },
              Regions: layout.regions.map((r) => ({
                StreamIndex: r.streamIndex,
                ZOrder: r.zOrder,
                Alpha: r.alpha,
                ...(proportional
                  ? {
                      LocationX: r.x / layout.canvas.width,
                      LocationY: r.y / layout.canvas.height,
                      WidthProportion: r.width / layout.canvas.width,
                      HeightProportion: r.height / layout.canvas.height,
                    }
                  : { LocationX: r.x, LocationY: r.y, Width: r.width, Height: r.height }),
              })),
            },
          },
  };
}

/** GetPushSingleStreamToCDNTask's PushSingleStreamToCDNTask. */
export function singlePushTask(row: TaskRow, live: number | undefined) {
  const spec = row.spec as PushSpec;
  const stream = spec.targets[0]!;
  return {
    ...taskState(row),
    PushURL: spec.pushUrl,
    PushStreamState: pushStreamState(row, live),
    Control: { MaxIdleTime: spec.maxIdleSeconds, MediaType: spec.audioOnly ? 1 : 0 },
    Stream: { UserId: stream.userId, StreamType: stream.streamType },
  };
}
