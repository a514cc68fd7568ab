// Content moderation end to end: verdict rules set through the admin API, StartDetection / StopDetection /
// ListDetectionTask (both versions) through our signed client and the official SDK, room members publishing through
// live presence, and the results POSTed to a real receiver that checks each signature with the app's AppKey.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALREADY_STARTED } from '../../src/providers/task-actions.js';
import { publish, sleep, startModerationWorld, type ModerationWorld, type Review } from './moderation-world.js';

/** Task time runs 10 times faster: an Interval of 1000 ms is 100 ms of wall time. */
const SCALE = 10;

interface ResultView {
  eventId: string;
  roomId: string;
  userId: string;
  mediaType: number;
  suggest: string;
  labels: string[];
  fromMs: number;
  toMs: number;
  delivery: string;
  attempts: number;
  httpStatus?: number;
  error?: string;
}

describe('content moderation through the whole server', () => {
  let world: ModerationWorld;
  before(async () => {
    world = await startModerationWorld({ timeScale: SCALE });
  });
  after(() => world.close());

  const results = async (roomId: string): Promise<ResultView[]> => {
    const answer = await world.admin('GET', `/apps/${world.dev.appId}/detection-results?roomId=${roomId}&limit=1000`);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    return (answer.json as { results: ResultView[] }).results;
  };

  it('POSTs the violations the rules set, at their task times, signed with the AppKey, in the documented shape', async () => {
    const { dev, receiver } = world;
    const room = { AppId: dev.appId, RoomId: 'mod-room-1' };
    const alice = await world.member(room.RoomId, 'alice');
    const bob = await world.member(room.RoomId, 'bob');
    await world.member(room.RoomId, 'carol');
    await publish(alice, { audio: true, video: true });
    await publish(bob, { audio: true });

    // The room's rule says "ad" at 5 s; alice's own rule (which replaces the room's for her) says "porn" at 2 s.
    const roomRule = await world.admin('PUT', `/apps/${dev.appId}/moderation-rules`, {
      roomId: room.RoomId,
      violations: ['ad@5s'],
    });
    assert.equal(roomRule.status, 200, JSON.stringify(roomRule.json));
    assert.deepEqual((roomRule.json as { verdict: string; violations: unknown }).violations, [
      { label: 'ad', atMs: 5000 },
    ]);
    const aliceRule = await world.admin('PUT', `/apps/${dev.appId}/moderation-rules`, {
      roomId: room.RoomId,
      userId: 'alice',
      violations: [{ label: 'porn', atMs: 2000 }],
    });
    assert.equal((aliceRule.json as { verdict: string }).verdict, 'violation');

    const startedAt = Date.now();
    const started = await world.call('StartDetection', {
      ...room,
      Callback: `${receiver.url}/ok-1`,
      Interval: 1000,
      Duration: 2000,
    });
    assert.deepEqual(started, { Message: 'success' });
    const [listed] = await world.detections(room.RoomId);
    assert.deepEqual(
      { ...listed, CreateTime: undefined },
      {
        CreateTime: undefined,
        MediaType: 3,
        RoomId: room.RoomId,
        Status: 1,
        UserId: '',
      },
    );
    assert.ok(Math.abs((listed!.CreateTime as number) - startedAt / 1000) < 5, `CreateTime ${listed!.CreateTime}`);

    // Run until past 8 s of task time (audio slices every 2 s), then stop.
    await world.until(
      () => results(room.RoomId),
      (rows) => rows.some((r) => r.mediaType === 2 && r.toMs >= 8000),
    );
    assert.deepEqual(await world.call('StopDetection', room), { Message: 'success' });
    assert.equal((await world.detections(room.RoomId))[0]!.Status, 2);
    await world.until(
      () => results(room.RoomId),
      (rows) => rows.every((r) => r.delivery !== 'pending'),
    );
    await sleep(300);

    // CallbackType 0: the violations only. alice's snapshot and audio slice of 2 s (porn), bob's audio slice of
    // 5 s (ad): bob publishes no video, carol nothing.
    const posted = receiver.of(room.RoomId);
    assert.deepEqual(receiver.badSignatures, []);
    const summary = (r: Review) =>
      `${r.data.UserId as string} ${r.data.MediaType as number} ${r.data.Suggest as string}`;
    assert.deepEqual(posted.map(summary).sort(), ['alice 1 REJECT', 'alice 2 REJECT', 'bob 2 REJECT']);
    for (const review of posted) {
      const { body, data } = review;
      assert.equal(review.path, '/ok-1');
      assert.deepEqual(Object.keys(body).sort(), [
        'AppId',
        'EventData',
        'EventId',
        'EventTime',
        'EventType',
        'Nonce',
        'Signature',
        'Version',
      ]);
      assert.deepEqual([body.EventType, body.Version, body.AppId], ['MachineReviewResult', '2020-12-01', dev.appId]);
      assert.match(body.EventTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      assert.match(body.Nonce!, /^\d{4}$/);
      const label = data.UserId === 'alice' ? 'porn' : 'ad';
      assert.deepEqual(data.HitReasons, [label]);
      assert.deepEqual(data.RiskHit, [{ Name: label, Score: 1 }]);
      assert.deepEqual(data.RiskALL, [{ Name: label, Score: 1 }]);
      assert.deepEqual([data.Images, data.Audio, data.AudioText], [[], '', '']);
      const origin = JSON.parse(data.AIResultOrigin as string) as { Rule: string; WindowMs: number[] };
      assert.equal(origin.Rule, data.UserId === 'alice' ? 'user' : 'room');
      const at = label === 'porn' ? 2000 : 5000;
      assert.ok(origin.WindowMs[0]! <= at && at < origin.WindowMs[1]!, JSON.stringify(origin));
      if (data.MediaType === 2) {
        const segment = data.AudioSegmentInfo as { StartTime: number; EndTime: number };
        assert.ok(segment.StartTime < segment.EndTime && segment.StartTime >= startedAt, JSON.stringify(segment));
      } else {
        assert.equal(data.AudioSegmentInfo, undefined);
      }
    }

    // Every capture is in the results log: the violations delivered once, the passes not sent (CallbackType 0).
    const rows = await results(room.RoomId);
    const rejected = rows.filter((r) => r.suggest === 'REJECT');
    assert.deepEqual(
      rejected.map((r) => r.eventId).sort(),
      posted.map((p) => p.body.EventId).sort(),
      'the log names the EventIds POSTed',
    );
    for (const r of rejected) assert.deepEqual([r.delivery, r.attempts, r.httpStatus], ['delivered', 1, 200]);
    const passes = rows.filter((r) => r.suggest === 'PASS');
    assert.ok(passes.length >= 8, `${passes.length} passes`);
    assert.ok(passes.every((r) => r.delivery === 'not-sent' && r.labels.length === 0));
    assert.ok(!rows.some((r) => r.userId === 'carol' || (r.userId === 'bob' && r.mediaType === 1)));
    // Consecutive windows of one kind and user tile the task's time.
    const aliceSnapshots = rows
      .filter((r) => r.userId === 'alice' && r.mediaType === 1)
      .sort((a, b) => a.fromMs - b.fromMs);
    assert.equal(aliceSnapshots[0]!.fromMs, 0);
    for (let i = 1; i < aliceSnapshots.length; i++) {
      assert.equal(aliceSnapshots[i]!.fromMs, aliceSnapshots[i - 1]!.toMs);
    }

    // Nothing after the stop.
    const count = receiver.of(room.RoomId).length;
    await sleep(400);
    assert.equal(receiver.of(room.RoomId).length, count);
  });

  it('CallbackType 1 POSTs the passes too; a room-level detection replaces a user’s; versions differ on a repeat', async () => {
    const { dev, receiver } = world;
    const room = { AppId: dev.appId, RoomId: 'mod-room-2' };
    const alice = await world.member(room.RoomId, 'alice');
    await publish(alice, { video: true });
    const forAlice = {
      ...room,
      UserId: 'alice',
      Callback: `${receiver.url}/ok-2`,
      CallbackType: 1,
      MediaType: 1,
      Interval: 1000,
    };
    assert.deepEqual(await world.call('StartDetection', forAlice, '2020-12-01'), { Message: 'success' });
    await world.rejectsWith(
      world.call('StartDetection', forAlice, '2020-12-01'),
      'InvalidParameter.TaskAlreadyExists',
      /alice/,
    );
    assert.deepEqual(await world.call('StartDetection', forAlice), { Message: ALREADY_STARTED });

    const passes = await world.until(
      () => receiver.of(room.RoomId),
      (list) => list.length >= 2,
    );
    for (const { path, data } of passes) {
      assert.equal(path, '/ok-2');
      assert.deepEqual([data.UserId, data.MediaType, data.Suggest], ['alice', 1, 'PASS']);
      assert.deepEqual([data.HitReasons, data.RiskALL, data.RiskHit], [[], [], undefined]);
      assert.equal(JSON.parse(data.AIResultOrigin as string).Rule, 'none');
    }

    // The room-level detection (no Callback: results recorded, none POSTed) stops alice's.
    assert.deepEqual(await world.call('StartDetection', { ...room, MediaType: 1, Interval: 1000 }), {
      Message: 'success',
    });
    const both = await world.detections(room.RoomId);
    assert.deepEqual(both.map((d) => [d.UserId, d.Status, d.MediaType]).sort(), [
      ['', 1, 1],
      ['alice', 2, 1],
    ]);
    assert.deepEqual(
      (await world.detections(room.RoomId, 'alice')).map((d) => d.UserId),
      ['alice'],
    );
    await sleep(150);
    const posted = receiver.of(room.RoomId).length;
    await world.rejectsWith(
      world.call('StartDetection', { ...room, UserId: 'bob' }),
      'InvalidParameter.TaskAlreadyExists',
      /room-level detection is already in progress.*bob/,
    );
    await world.rejectsWith(
      world.call('StopDetection', { ...room, UserId: 'bob' }, '2020-12-01'),
      'InvalidParameter.ErrorActiveTaskNotFound',
      /UserId bob/,
    );
    await world.until(
      () => results(room.RoomId),
      (rows) => rows.some((r) => r.userId === 'alice' && r.delivery === 'not-sent'),
    );
    assert.equal(receiver.of(room.RoomId).length, posted, 'nothing POSTed by a detection without a Callback');
    assert.deepEqual(await world.call('StopDetection', room, '2020-12-01'), { Message: 'success' });
    await world.rejectsWith(world.call('StopDetection', room), 'InvalidParameter.ErrorActiveTaskNotFound', /room/);
    assert.ok((await world.detections(room.RoomId)).every((d) => d.Status === 2));
  });

  it('answers the official SDK (createAPI) for all three actions', async () => {
    const { dev, sdk } = world;
    const room = { AppId: dev.appId, RoomId: 'mod-room-sdk' };
    for (const Version of ['2020-12-01', '2023-11-01']) {
      const start = sdk.createAPI('StartDetection', { method: 'POST', contentType: 'json', Version });
      const list = sdk.createAPI('ListDetectionTask', { method: 'GET', contentType: 'json', Version });
      const stop = sdk.createAPI('StopDetection', { method: 'POST', contentType: 'json', Version });
      const started = await start({ ...room, UserId: 'sdk-user', MediaType: 2, Duration: 1000 });
      assert.deepEqual([started.ResponseMetadata.Error, started.Result], [undefined, { Message: 'success' }]);
      const listed = await list({ ...room, UserId: 'sdk-user' });
      assert.equal(listed.ResponseMetadata.Error, undefined);
      const entries = (listed.Result as { EventData: { UserId: string; Status: number; MediaType: number }[] })
        .EventData;
      assert.deepEqual(
        entries.map((e) => [e.UserId, e.Status, e.MediaType]),
        [['sdk-user', 1, 2]],
      );
      const stopped = await stop({ ...room, UserId: 'sdk-user' });
      assert.deepEqual([stopped.ResponseMetadata.Error, stopped.Result], [undefined, { Message: 'success' }]);
      const refused = await stop({ ...room, UserId: 'sdk-user' });
      assert.equal(refused.ResponseMetadata.Error?.Code, 'InvalidParameter.ErrorActiveTaskNotFound');
    }
  });

  it('ends a detection whose streams stay unpublished for IdleSec by itself', async () => {
    const { dev } = world;
    const room = { AppId: dev.appId, RoomId: 'mod-room-idle' };
    const dave = await world.member(room.RoomId, 'dave');
    await publish(dave, { audio: true });
    // Snapshots only: dave's audio is not what it inspects, so the task is idle from the start (1 s of task time).
    await world.call('StartDetection', { ...room, MediaType: 1, IdleSec: 1 });
    const ended = await world.until(
      () => world.detections(room.RoomId),
      (list) => list[0]?.Status === 2,
      5000,
    );
    assert.equal(ended.length, 1);
    await world.rejectsWith(world.call('StopDetection', room), 'InvalidParameter.ErrorActiveTaskNotFound');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const { dev } = world;
    const room = { AppId: dev.appId, RoomId: 'mod-room-bad' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ Callback: 'ftp://example.com/cb' }, 'InvalidParameter', /Callback must be an absolute http or https URL/],
      [{ Callback: 'not a url' }, 'InvalidParameter', /Callback/],
      [{ Callback: 'https://:80/no-host' }, 'InvalidParameter', /Callback/],
      [{ Callback: `http://example.com/${'x'.repeat(1100)}` }, 'InvalidParameter', /Callback must be at most 1024/],
      [{ MediaType: 4 }, 'InvalidParameter', /MediaType/],
      [{ MediaType: '1' }, 'InvalidParameter', /MediaType/],
      [{ CallbackType: 2 }, 'InvalidParameter', /CallbackType/],
      [{ Interval: 99 }, 'InvalidParameter', /Interval/],
      [{ Interval: 600_001 }, 'InvalidParameter', /Interval/],
      [{ Duration: 999 }, 'InvalidParameter', /Duration/],
      [{ IdleSec: 0 }, 'InvalidParameter', /IdleSec/],
      [{ IdleSec: 10_801 }, 'InvalidParameter', /IdleSec/],
      [{ UserId: 'not an id!' }, 'InvalidParameter', /UserId/],
      [{ UserId: '' }, 'InvalidParameter', /UserId/],
      [{ RoomId: undefined }, 'MissingParameter', /RoomId/],
      [{ RoomId: 'room with spaces' }, 'InvalidParameter.IllegalRoomID', /RoomId/],
      [{ AppId: 'ffffffffffffffffffffffff' }, 'InvalidParameter.NotExistAppId', /./],
    ];
    // Through the official SDK, which checks nothing before sending: every refusal is the server's.
    const refusal = async (action: string, version: string, params: Record<string, unknown>) => {
      const method = action === 'ListDetectionTask' ? 'GET' : 'POST';
      const answer = await world.sdk.createAPI(action, { method, contentType: 'json', Version: version })(params);
      assert.equal(answer.Result, undefined, `${action} ${JSON.stringify(params).slice(0, 200)} was accepted`);
      return answer.ResponseMetadata.Error!;
    };
    for (const [change, code, message] of cases) {
      for (const version of ['2020-12-01', '2023-11-01']) {
        const error = await refusal('StartDetection', version, { ...room, ...change });
        assert.equal(error.Code, code, `${JSON.stringify(change).slice(0, 100)}: ${error.Message}`);
        assert.match(error.Message!, message);
      }
    }
    // A password in a refused Callback is not echoed.
    const secret = await refusal('StartDetection', '2023-11-01', {
      ...room,
      Callback: 'ftp://user:hunter2-secret@example.com/cb',
    });
    assert.ok(secret.Code === 'InvalidParameter' && !secret.Message!.includes('hunter2-secret'), secret.Message);
    for (const version of ['2020-12-01', '2023-11-01']) {
      const badUser = await refusal('ListDetectionTask', version, { ...room, UserId: 'bad user' });
      assert.deepEqual([badUser.Code, /UserId/.test(badUser.Message!)], ['InvalidParameter', true]);
      const noRoom = await refusal('ListDetectionTask', version, { AppId: dev.appId });
      assert.deepEqual([noRoom.Code, /RoomId/.test(noRoom.Message!)], ['MissingParameter', true]);
      const stopBad = await refusal('StopDetection', version, { ...room, UserId: 'bad user' });
      assert.deepEqual([stopBad.Code, /UserId/.test(stopBad.Message!)], ['InvalidParameter', true]);
    }
    await world.rejectsWith(world.call('StopDetection', room), 'InvalidParameter.ErrorActiveTaskNotFound', /room/);
    assert.deepEqual(await world.detections(room.RoomId), [], 'no refused start left a task behind');
    assert.deepEqual(await results(room.RoomId), []);
  });

  it('administers the rules with bad input refused naming the field (admin HTTP API)', async () => {
    const { dev } = world;
    const path = `/apps/${dev.appId}/moderation-rules`;
    const refusals: [unknown, string][] = [
      [{}, 'roomId'],
      [{ roomId: 'bad room' }, 'roomId'],
      [{ roomId: 'r', userId: 'bad user' }, 'userId'],
      [{ roomId: 'r', violations: 'porn' }, 'violations[0]'],
      [{ roomId: 'r', violations: ['porn@soon'] }, 'violations[0].atMs'],
      [{ roomId: 'r', violations: ['porn@-5'] }, 'violations[0].atMs'],
      [{ roomId: 'r', violations: ['porn@31d'] }, 'violations[0].atMs'],
      [{ roomId: 'r', violations: [{ label: 'porn', atMs: 1.5 }] }, 'violations[0].atMs'],
      [{ roomId: 'r', violations: [{ label: 'two words', atMs: 1 }] }, 'violations[0].label'],
      [{ roomId: 'r', violations: [{ label: '', atMs: 1 }] }, 'violations[0].label'],
      [{ roomId: 'r', violations: { label: 'x' } }, 'violations'],
      [{ roomId: 'r', violations: Array(101).fill('x@1') }, 'violations'],
      [{ roomId: 'r', pass: true, violations: ['x@1'] }, 'violations'],
    ];
    for (const [body, field] of refusals) {
      const answer = await world.admin('PUT', path, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal((answer.json as { error: { field: string } }).error.field, field, JSON.stringify(answer.json));
    }
    const unknownApp = await world.admin('PUT', '/apps/ffffffffffffffffffffffff/moderation-rules', { roomId: 'r' });
    assert.equal(unknownApp.status, 404);
    assert.deepEqual((await world.admin('GET', `${path}?roomId=r`)).json, { appId: dev.appId, rules: [] });

    const pass = await world.admin('PUT', path, { roomId: 'r', userId: 'u', pass: true });
    assert.deepEqual(
      { ...(pass.json as object), updatedAt: undefined },
      {
        appId: dev.appId,
        roomId: 'r',
        userId: 'u',
        verdict: 'pass',
        violations: [],
        updatedAt: undefined,
      },
    );
    const listed = (await world.admin('GET', `${path}?roomId=r`)).json as { rules: { userId?: string }[] };
    assert.deepEqual(
      listed.rules.map((r) => r.userId),
      ['u'],
    );
    assert.equal((await world.admin('DELETE', `${path}?roomId=r&userId=u`)).status, 204);
    const again = await world.admin('DELETE', `${path}?roomId=r&userId=u`);
    assert.deepEqual([again.status, (again.json as { error: { field: string } }).error.field], [404, 'userId']);
    const noRoom = await world.admin('DELETE', path);
    assert.deepEqual([noRoom.status, (noRoom.json as { error: { field: string } }).error.field], [400, 'roomId']);
  });
});
