// Detection results POSTed to receivers that fail or never answer: bounded retries, the task runs on and stops at
// once, the server closes without waiting, and a restart ends what was left (the task, the POST under way).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publish, startModerationWorld, type ModerationWorld } from './moderation-world.js';

interface ResultView {
  eventId: string;
  suggest: string;
  delivery: string;
  attempts: number;
  httpStatus?: number;
  error?: string;
}

const results = async (world: ModerationWorld, roomId: string): Promise<ResultView[]> => {
  const answer = await world.admin('GET', `/apps/${world.dev.appId}/detection-results?roomId=${roomId}&limit=1000`);
  return (answer.json as { results: ResultView[] }).results;
};

/** A violation at task time 0 for the whole room: the first snapshot of each publisher is refused. */
async function violatingRoom(world: ModerationWorld, roomId: string, userId: string): Promise<void> {
  const rule = await world.admin('PUT', `/apps/${world.dev.appId}/moderation-rules`, { roomId, violations: ['x@0'] });
  assert.equal(rule.status, 200);
  await publish(await world.member(roomId, userId), { video: true });
}

describe('detection results to receivers that fail or hang', () => {
  it('retries a failing receiver twice (three POSTs of the same signed body), then records the failure', async (t) => {
    const world = await startModerationWorld({ timeScale: 10 });
    t.after(() => world.close());
    const room = { AppId: world.dev.appId, RoomId: 'fail-room' };
    await violatingRoom(world, room.RoomId, 'alice');
    await world.call('StartDetection', { ...room, Callback: `${world.receiver.url}/fail-1`, MediaType: 1 });
    const [failed] = await world.until(
      async () => (await results(world, room.RoomId)).filter((r) => r.suggest === 'REJECT'),
      (rows) => rows[0]?.delivery === 'failed',
      10_000,
    );
    assert.deepEqual(
      [failed!.delivery, failed!.attempts, failed!.httpStatus, failed!.error],
      ['failed', 3, 500, 'HTTP 500'],
    );
    const posts = world.receiver.of(room.RoomId).filter((r) => r.body.EventId === failed!.eventId);
    assert.equal(posts.length, 3);
    assert.equal(new Set(posts.map((p) => JSON.stringify(p.body))).size, 1, 'every retry sends the same body');
    // The task went on meanwhile (passes recorded), and stops at once.
    assert.ok((await results(world, room.RoomId)).some((r) => r.suggest === 'PASS'));
    assert.equal((await world.detections(room.RoomId))[0]!.Status, 1);
    await world.call('StopDetection', room);
    assert.equal((await world.detections(room.RoomId))[0]!.Status, 2);
  });

  it('stops at once while a POST hangs; the server closes without waiting; a restart ends what was left', async () => {
    let world = await startModerationWorld({ timeScale: 10 });
    const { dataDir } = world.running;
    const hung = { AppId: world.dev.appId, RoomId: 'hang-room' };
    const left = { AppId: world.dev.appId, RoomId: 'left-room' };
    try {
      await violatingRoom(world, hung.RoomId, 'bob');
      await world.call('StartDetection', { ...hung, Callback: `${world.receiver.url}/hang-1`, MediaType: 1 });
      await world.until(
        () => world.receiver.of(hung.RoomId),
        (posts) => posts.length === 1,
      );
      let started = Date.now();
      await world.call('StopDetection', hung);
      assert.ok(Date.now() - started < 1000, `StopDetection took ${Date.now() - started} ms`);
      assert.equal((await world.detections(hung.RoomId))[0]!.Status, 2);
      const pending = (await results(world, hung.RoomId)).find((r) => r.suggest === 'REJECT')!;
      assert.deepEqual([pending.delivery, pending.attempts], ['pending', 0]);

      // Another detection still running when the server stops.
      await world.call('StartDetection', { ...left, MediaType: 2 });
      started = Date.now();
      await world.close({ keepData: true });
      assert.ok(Date.now() - started < 4000, `close took ${Date.now() - started} ms`);

      world = await startModerationWorld({ timeScale: 10, dataDir });
      const abandoned = (await results(world, hung.RoomId)).find((r) => r.eventId === pending.eventId)!;
      assert.deepEqual(
        [abandoned.delivery, abandoned.attempts, abandoned.error],
        ['failed', 0, 'the server closed before the result was delivered'],
      );
      assert.deepEqual(
        (await world.detections(left.RoomId)).map((d) => [d.UserId, d.Status]),
        [['', 2]],
      );
      // The room is free again.
      assert.deepEqual(await world.call('StartDetection', { ...left, MediaType: 2 }), { Message: 'success' });
    } finally {
      await world.close();
    }
  });
});
