// The engine's live hook, on a real SQLite store with a runner whose live work is a timer: it starts once the task
// runs, hears Updates, adds files and emits events while running, stops before the files are made, can end its task
// itself (ended or failed), and its calls do nothing once the task has stopped.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { RoomEvent } from '../../src/events/callback-outbox.js';
import { openDatabase } from '../../src/store/database.js';
import type { LiveStream } from '../../src/tasks/room-presence.js';
import { SqliteTaskStore } from '../../src/tasks/sqlite-task-store.js';
import { TaskEngine } from '../../src/tasks/task-engine.js';
import type { TaskFile, TaskRow } from '../../src/tasks/task-model.js';
import type { LiveTaskContext, TaskRunner } from '../../src/tasks/task-runner.js';
import { TimeScale } from '../../src/tasks/time-scale.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = { appId: 'app-live', roomId: 'room-1', taskId: 'task-1' };

interface Probe {
  contexts: LiveTaskContext[];
  updates: unknown[];
  stops: number;
  events: { eventType: string; eventData: Record<string, unknown> }[];
}

function world(t: TestContext, options: { maxRunMs?: number; liveThrows?: boolean; publishing?: LiveStream[] } = {}) {
  const db = openDatabase({ filename: ':memory:' });
  t.after(() => db.close());
  const store = new SqliteTaskStore(db);
  const probe: Probe = { contexts: [], updates: [], stops: 0, events: [] };
  const runner: TaskRunner = {
    kind: 'snapshot',
    events: {
      started: { name: 'TaskStarted', data: (row) => ({ TaskId: row.taskId }) },
      stopped: {
        name: 'TaskStopped',
        data: (row, failure) => ({ TaskId: row.taskId, Files: row.files.length, Error: failure?.message }),
      },
    },
    limits: () => ({ maxIdleMs: 0, maxRunMs: options.maxRunMs ?? 0, runLimitReason: 'ExceedMaxRunningTime' }),
    follows: () => true,
    prepare: async () => {},
    live(context) {
      if (options.liveThrows) throw new Error('the source could not be opened');
      probe.contexts.push(context);
      return {
        updated: (spec) => probe.updates.push(spec),
        stop: async () => {
          await sleep(20);
          probe.stops += 1;
        },
      };
    },
    finish: async (row: TaskRow) => row.files,
  };
  const engine = new TaskEngine({
    store,
    events: {
      enqueue: (event: RoomEvent) => void probe.events.push({ eventType: event.eventType, eventData: event.eventData }),
      transaction: <T>(fn: () => T): T => store.transaction(fn),
    },
    presence: { publishedStreams: () => options.publishing ?? [] },
    runners: [runner],
    now: Date.now,
    scale: new TimeScale(1),
    tickMs: 10,
  });
  t.after(() => engine.close());
  return { engine, store, probe };
}

async function until<T>(what: () => T | undefined, label: string): Promise<T> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const value = what();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await sleep(5);
  }
}

const file = (n: number): TaskFile => ({
  ObjectKey: `shot-${n}.jpg`,
  Duration: 0,
  Size: 10 + n,
  StartTime: n,
  StreamList: [],
});

describe('live tasks in the engine', () => {
  it('runs the live work from start to stop, with updates, files and events in between', async (t) => {
    const { engine, store, probe } = world(t, {
      publishing: [{ userId: 'u1', streamType: 0, audio: true, video: true }],
    });
    assert.equal(await engine.start('snapshot', key, { businessId: '', apiVersion: 'v', spec: { n: 1 } }), 'started');
    const context = await until(() => probe.contexts[0], 'the live work to start');
    assert.equal(context.row.phase, 'running');
    assert.deepEqual(context.spec(), { n: 1 });
    assert.deepEqual(context.followed(), [{ userId: 'u1', streamType: 0, audio: true, video: true }]);

    await engine.update('snapshot', key, () => ({ n: 2 }));
    assert.deepEqual(probe.updates, [{ n: 2 }]);
    assert.deepEqual(context.spec(), { n: 2 });

    context.addFile(file(1));
    context.addFile(file(2));
    context.emit('SnapshotRealTimeData', { shot: 1 });
    await until(() => store.get('snapshot', key)!.files.length === 2 || undefined, 'the files in the row');

    await engine.stop('snapshot', key);
    const ended = await until(() => {
      const row = store.get('snapshot', key)!;
      return row.phase === 'ended' ? row : undefined;
    }, 'the task to end');
    assert.equal(probe.stops, 1, 'the live work was stopped once');
    assert.equal(context.signal.aborted, true);
    assert.equal(ended.stopReason, 'StopByAPI');
    assert.deepEqual(
      ended.files.map((f) => f.ObjectKey),
      ['shot-1.jpg', 'shot-2.jpg'],
    );
    assert.deepEqual(
      probe.events.map((e) => e.eventType),
      ['TaskStarted', 'SnapshotRealTimeData', 'TaskStopped'],
    );
    assert.equal(probe.events.at(-1)!.eventData.Files, 2);

    // After the end nothing the live work does reaches the row or the callbacks.
    context.addFile(file(3));
    context.emit('SnapshotRealTimeData', { shot: 3 });
    context.end('IdleTimeOut');
    await sleep(30);
    assert.equal(store.get('snapshot', key)!.files.length, 2);
    assert.equal(probe.events.length, 3);
    assert.equal(store.get('snapshot', key)!.stopReason, 'StopByAPI');
  });

  it('lets the live work end its task, ended or failed, once', async (t) => {
    const { engine, store, probe } = world(t);
    await engine.start('snapshot', key, { businessId: '', apiVersion: 'v', spec: {} });
    const first = await until(() => probe.contexts[0], 'the live work');
    first.end('UserDisconnect');
    first.end('StopByAPI');
    const ended = await until(() => {
      const row = store.get('snapshot', key)!;
      return row.phase === 'ended' ? row : undefined;
    }, 'the first task to end');
    assert.equal(ended.stopReason, 'UserDisconnect');
    assert.equal(probe.stops, 1);

    await engine.start('snapshot', key, { businessId: '', apiVersion: 'v', spec: {} });
    const second = await until(() => probe.contexts[1], 'the second live work');
    second.addFile(file(7));
    second.end('UnknownStopReason', { message: 'the receiver closed the connection' });
    const failed = await until(() => {
      const row = store.get('snapshot', key)!;
      return row.phase === 'failed' ? row : undefined;
    }, 'the second task to fail');
    assert.equal(failed.stopReason, 'UnknownStopReason');
    assert.equal(failed.error, 'the receiver closed the connection');
    assert.equal(failed.files.length, 1, 'the files made before the failure are kept');
    const stopped = probe.events.filter((e) => e.eventType === 'TaskStopped').at(-1)!;
    assert.equal(stopped.eventData.Error, 'the receiver closed the connection');
  });

  it('ends a task at its run limit with the reason its runner names, and fails a start whose live work throws', async (t) => {
    const limited = world(t, { maxRunMs: 80 });
    await limited.engine.start('snapshot', key, { businessId: '', apiVersion: 'v', spec: {} });
    const row = await until(() => {
      const r = limited.store.get('snapshot', key)!;
      return r.phase === 'ended' ? r : undefined;
    }, 'the run limit');
    assert.equal(row.stopReason, 'ExceedMaxRunningTime');
    assert.equal(limited.probe.stops, 1);

    const broken = world(t, { liveThrows: true });
    await broken.engine.start('snapshot', key, { businessId: '', apiVersion: 'v', spec: {} });
    const failed = await until(() => {
      const r = broken.store.get('snapshot', key)!;
      return r.phase === 'failed' ? r : undefined;
    }, 'the failed start');
    assert.equal(failed.stopReason, 'StartTaskFailed');
    assert.equal(failed.error, 'the source could not be opened');
  });
});
