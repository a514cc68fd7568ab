// The recording world (whole server, signed client, room members, a callback receiver that checks signatures) with
// the receiver subscribed to the live tasks' callbacks, and the calls their tests share.
import {
  CALLBACK_SECRET,
  CallbackReceiver,
  sleep,
  startRecordingWorld,
  type Callback,
  type RecordingWorld,
} from '../recording/recording-harness.js';
import { rejectsWithCode } from '../../support/api-errors.js';

export interface LiveTaskWorld extends RecordingWorld {
  /** Any action-version through our signed client. */
  call(action: string, params: Record<string, unknown>, version?: string): Promise<unknown>;
  /** The call fails with `code`, its message matching `message` (the field named). */
  rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void>;
  /** The callbacks of `eventType` for `taskId` received so far. */
  events(eventType: string, taskId: string): Record<string, unknown>[];
  /** Waits until `count` callbacks of `eventType` for `taskId` (each matching `where`) have arrived. */
  waitForEvents(
    eventType: string,
    taskId: string,
    count: number,
    where?: (data: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>[]>;
  /** Polls `get` until `done` holds. */
  until<T>(get: () => Promise<T>, done: (value: T) => boolean, timeoutMs?: number): Promise<T>;
}

export async function startLiveTaskWorld(
  options: { timeScale?: number; dataDir?: string } = {},
): Promise<LiveTaskWorld> {
  const receiver = new CallbackReceiver();
  await receiver.start();
  const world = await startRecordingWorld({ ...options, receiver });
  const subscription = {
    AppID: world.dev.appId,
    EventList: ['SnapshotRealTimeData', 'SegmentRealTimeData'],
    SecretKey: CALLBACK_SECRET,
    URL: receiver.url,
  };
  // A reused data directory (a restart) has the subscription already: it is pointed at this receiver.
  if (options.dataDir === undefined)
    await world.client.call('CreateCallback', { ...subscription, BusinessId: 'live-tasks' });
  else await world.client.call('UpdateCallback', { ...subscription, BusinessID: 'live-tasks' });
  const matching = (eventType: string, taskId: string) =>
    receiver.received
      .filter((c: Callback) => c.EventType === eventType && c.EventData.TaskId === taskId)
      .map((c) => c.EventData);
  return {
    ...world,
    call: (action, params, version = '2023-11-01') =>
      (world.client.call as (a: string, p: Record<string, unknown>, o: { version: string }) => Promise<unknown>)(
        action,
        params,
        { version },
      ),
    rejectsWith: rejectsWithCode,
    events: matching,
    async waitForEvents(eventType, taskId, count, where = () => true, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = matching(eventType, taskId).filter(where);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          throw new Error(`${found.length} of ${count} ${eventType} for ${taskId}: ${JSON.stringify(found)}`);
        }
        await sleep(50);
      }
    },
    async until(get, done, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await get();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)}`);
        await sleep(100);
      }
    },
    async close(closeOptions) {
      await world.close(closeOptions);
      await receiver.close();
    },
  };
}
