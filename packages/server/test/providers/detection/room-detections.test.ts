// The rules between a room's detections under concurrent calls, on the real task engine and SQLite store. The
// runner's start takes a while (as the AppKey lookup does against a networked store), so that a room-level start
// that must first stop a user's detection waits, and a user's start can arrive in the meantime.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { ApiError } from '../../../src/errors/api-error.js';
import { RoomDetections } from '../../../src/providers/detection/room-detections.js';
import { openDatabase } from '../../../src/store/database.js';
import type { DetectionSpec } from '../../../src/tasks/detection/detection-spec.js';
import { SqliteTaskStore } from '../../../src/tasks/sqlite-task-store.js';
import { TaskEngine } from '../../../src/tasks/task-engine.js';
import { isActive } from '../../../src/tasks/task-model.js';
import type { TaskRunner } from '../../../src/tasks/task-runner.js';
import { TimeScale } from '../../../src/tasks/time-scale.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const room = { appId: 'app-det', roomId: 'room-det' };
const PREPARE_MS = 60;

function detections(t: TestContext): RoomDetections {
  const db = openDatabase({ filename: ':memory:' });
  const store = new SqliteTaskStore(db);
  const runner: TaskRunner = {
    kind: 'detection',
    events: {},
    limits: () => ({ maxIdleMs: 0, maxRunMs: 0 }),
    follows: () => false,
    prepare: async () => void (await sleep(PREPARE_MS)),
    live: () => ({ stop: async () => {} }),
    finish: async () => [],
  };
  const engine = new TaskEngine({
    store,
    events: { enqueue: () => undefined, transaction: <T>(fn: () => T): T => store.transaction(fn) },
    presence: { publishedStreams: () => [] },
    runners: [runner],
    now: Date.now,
    scale: new TimeScale(1),
    tickMs: 1000,
  });
  t.after(async () => {
    await engine.close();
    db.close();
  });
  return new RoomDetections(engine);
}

const spec = (userId: string): DetectionSpec => ({
  userId,
  mediaType: 3,
  intervalMs: 1000,
  durationMs: 1000,
  idleSeconds: 0,
  callback: '',
  callbackType: 0,
  createdAt: Date.now(),
});

/** What a call ended with: its Message, or its error code. */
const outcome = (call: Promise<unknown>) =>
  call.then(
    (message) => String(message),
    (error: unknown) => (error instanceof ApiError ? error.code : `unexpected ${String(error)}`),
  );

/** The users whose detections run or are about to (not those asked to stop and still finishing). */
const activeUsers = (d: RoomDetections) =>
  d
    .list(room, undefined)
    .filter((row) => isActive(row.phase) && row.phase !== 'stopping')
    .map((row) => row.taskId)
    .sort();

describe('a room’s detections under concurrent calls', () => {
  it('refuses a user’s start that arrives while a room-level start stops the users’ detections', async (t) => {
    const d = detections(t);
    assert.equal(await d.start(room, spec('alice'), '2023-11-01'), 'success');
    // The room-level start must stop alice's detection, which is still starting; bob's start comes meanwhile.
    const [roomLevel, bob] = await Promise.all([
      outcome(d.start(room, spec(''), '2023-11-01')),
      outcome(d.start(room, spec('bob'), '2023-11-01')),
    ]);
    assert.deepEqual([roomLevel, bob], ['success', 'InvalidParameter.TaskAlreadyExists']);
    assert.deepEqual(activeUsers(d), ['']);
  });

  it('stops a user’s detection that started just before the room-level one', async (t) => {
    const d = detections(t);
    const [bob, roomLevel] = await Promise.all([
      outcome(d.start(room, spec('bob'), '2023-11-01')),
      outcome(d.start(room, spec(''), '2023-11-01')),
    ]);
    assert.deepEqual([bob, roomLevel], ['success', 'success']);
    assert.deepEqual(activeUsers(d), ['']);
  });

  it('keeps other rooms apart: their starts do not wait for this room’s', async (t) => {
    const d = detections(t);
    assert.equal(await d.start(room, spec('alice'), '2023-11-01'), 'success');
    const other = { ...room, roomId: 'room-other' };
    const roomLevel = d.start(room, spec(''), '2023-11-01');
    // The other room's start answers while this room's room-level start still waits for alice's to stop.
    assert.equal(await d.start(other, spec('carol'), '2023-11-01'), 'success');
    assert.equal(
      d.list(room, '').length,
      0,
      'the room-level detection is not written yet when the other room has answered',
    );
    assert.equal(await roomLevel, 'success');
    assert.deepEqual(activeUsers(d), ['']);
  });
});
