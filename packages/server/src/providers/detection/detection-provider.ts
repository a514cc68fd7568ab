import type { TaskEngine } from '../../tasks/task-engine.js';
import { defineProvider, type Provider } from '../provider.js';
import { detectionSpec } from './detection-params.js';
import { detectionEntry, RoomDetections } from './room-detections.js';

/**
 * Catalog "Content moderation (detection)": StartDetection, StopDetection and ListDetectionTask on the task engine
 * (docs/moderation.md). Verdicts come from the operator's rules (admin API and CLI).
 */
export function detectionProvider(tasks: TaskEngine, now: () => number): Provider<'detection'> {
  const detections = new RoomDetections(tasks);
  return defineProvider('detection', {
    StartDetection: async ({ version, params }, { app }) => ({
      Message: await detections.start(
        { appId: app.appId, roomId: params.RoomId },
        detectionSpec(params, now()),
        version,
      ),
    }),

    StopDetection: async ({ params }, { app }) => {
      await detections.stop({ appId: app.appId, roomId: params.RoomId }, params.UserId);
      return { Message: 'success' };
    },

    ListDetectionTask: ({ params }, { app }) => ({
      EventData: detections.list({ appId: app.appId, roomId: params.RoomId }, params.UserId).map(detectionEntry),
      Message: 'success',
    }),
  });
}
