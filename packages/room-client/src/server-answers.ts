// Reading the server's answers: whether a joined frame can be used, and an error frame as a RoomClientError.
import type { ServerFrame } from './protocol.js';
import { RoomClientError } from './room-client-error.js';

/** Why a frame is not a usable answer to join, or undefined when it is one. */
export function joinedFrameProblem(frame: ServerFrame): string | undefined {
  if (typeof frame !== 'object' || frame === null) return 'the answer to join is not an object';
  if (frame.type !== 'joined') return `unexpected ${String(frame.type)} to join`;
  const interval = frame.heartbeatIntervalMs as unknown;
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0) {
    return 'the joined frame has no valid heartbeatIntervalMs';
  }
  const users = frame.users as unknown;
  if (!Array.isArray(users)) return 'the joined frame has no users array';
  for (const u of users as unknown[]) {
    const user = u as { userId?: unknown; streams?: unknown } | null;
    if (typeof user !== 'object' || user === null || typeof user.userId !== 'string' || !Array.isArray(user.streams)) {
      return 'the joined frame lists a user without a userId and streams';
    }
  }
  return undefined;
}

export function errorOf(frame: Extract<ServerFrame, { type: 'error' }>): RoomClientError {
  return new RoomClientError(frame.code, frame.message, {
    ...(frame.clientCode !== undefined && { clientCode: frame.clientCode }),
    ...(frame.until !== undefined && { until: frame.until }),
    ...(frame.media !== undefined && { media: frame.media }),
  });
}
