import { ApiError } from '../../errors/api-error.js';
import type { DetectionSpec } from '../../tasks/detection/detection-spec.js';
import type { TaskEngine } from '../../tasks/task-engine.js';
import { isActive, type TaskRow } from '../../tasks/task-model.js';
import { TaskQueue } from '../../tasks/task-queue.js';
import { startTask } from '../task-actions.js';

/** A room of an app. */
export interface RoomRef {
  appId: string;
  roomId: string;
}

/** Detections are keyed by their user: a room-level detection's TaskId is '' (UserId left out). */
const ROOM_LEVEL = '';

/** At most this many detections are listed for one room (the action has no paging). */
const LIST_LIMIT = 1000;

/**
 * The rules between a room's detections (doc 6348/104531): a room-level detection replaces the users' ones (they
 * stop), a user's detection while the room's runs is refused ("already in progress"), and the same target again is
 * the 2023-11-01 "already started" answer (older versions: InvalidParameter.TaskAlreadyExists, as every task's).
 * A room's starts and stops run one after another: a room-level start that waits for the users' detections to stop
 * would otherwise let a user's start in between, and both would run.
 */
export class RoomDetections {
  readonly #tasks: TaskEngine;
  readonly #rooms = new TaskQueue();

  constructor(tasks: TaskEngine) {
    this.#tasks = tasks;
  }

  /** Starts a detection; its Result's Message. */
  start(room: RoomRef, spec: DetectionSpec, apiVersion: string): Promise<string> {
    return this.#rooms.run(roomKey(room), () => this.#start(room, spec, apiVersion));
  }

  /** Stops the user's detection, or (no UserId) every detection of the room; ErrorActiveTaskNotFound when none. */
  stop(room: RoomRef, userId: string | undefined): Promise<void> {
    return this.#rooms.run(roomKey(room), () => this.#stop(room, userId));
  }

  /** The room's detections (one user's when `userId` is given), most recently changed first. */
  list(room: RoomRef, userId: string | undefined): TaskRow[] {
    const { rows } = this.#tasks.store.list({ ...room, kind: 'detection', offset: 0, limit: LIST_LIMIT });
    return rows.filter((row) => userId === undefined || row.taskId === userId);
  }

  async #start(room: RoomRef, spec: DetectionSpec, apiVersion: string): Promise<string> {
    const active = this.#active(room);
    if (spec.userId !== ROOM_LEVEL && active.some((row) => row.taskId === ROOM_LEVEL)) {
      throw new ApiError(
        'InvalidParameter.TaskAlreadyExists',
        `a room-level detection is already in progress in room ${room.roomId}: it covers UserId ${spec.userId}`,
      );
    }
    if (spec.userId === ROOM_LEVEL) {
      for (const row of active) if (row.taskId !== ROOM_LEVEL) await this.#stopQuietly(row);
    }
    const key = { ...room, taskId: spec.userId };
    const answer = await startTask(this.#tasks, 'detection', key, { businessId: '', apiVersion, spec });
    return answer === 'ok' ? 'success' : answer;
  }

  async #stop(room: RoomRef, userId: string | undefined): Promise<void> {
    const active = this.#active(room).filter((row) => userId === undefined || row.taskId === userId);
    if (active.length === 0) {
      throw new ApiError(
        'InvalidParameter.ErrorActiveTaskNotFound',
        userId === undefined
          ? `no detection is running in room ${room.roomId}`
          : `no detection of UserId ${userId} is running in room ${room.roomId}`,
      );
    }
    for (const row of active) await this.#stopQuietly(row);
  }

  #active(room: RoomRef): TaskRow[] {
    return this.list(room, undefined).filter((row) => isActive(row.phase));
  }

  /** Stops a detection found active a moment ago; one that ended meanwhile (idle) is left as it is. */
  async #stopQuietly(row: TaskRow): Promise<void> {
    try {
      await this.#tasks.stop('detection', row);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'InvalidParameter.ErrorActiveTaskNotFound')) throw error;
    }
  }
}

function roomKey(room: RoomRef): string {
  return `${room.appId}\n${room.roomId}`;
}

/** ListDetectionTask's EventData entry of a detection: Status 1 while it runs (or is about to), 2 once it ended. */
export function detectionEntry(row: TaskRow) {
  const spec = row.spec as DetectionSpec;
  return {
    CreateTime: Math.floor(spec.createdAt / 1000),
    MediaType: spec.mediaType,
    RoomId: row.roomId,
    Status: isActive(row.phase) ? 1 : 2,
    UserId: row.taskId,
  };
}
