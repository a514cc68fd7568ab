// The task engine through StartRecord and friends on the whole server with RTC_TIME_SCALE 60 (a minute of task time
// is a second): idle timeout, the record time limit, starting twice, stopping what is not running, calls racing on
// one task, bad input naming its field (and writing nothing), and the app's recording switch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError } from '@rtc-openapi/client';
import {
  ADMIN_TOKEN,
  ffprobe,
  publish,
  settledTask,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from '../providers/recording/recording-harness.js';

const storage = { StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'task-bucket' } } };

describe('media tasks on the scaled task clock', () => {
  let world: RecordingWorld;
  let appId: string;
  const key = (TaskId: string, RoomId = 'task-room') => ({ AppId: appId, RoomId, TaskId });
  const call = (action: string, params: Record<string, unknown>, version = '2023-11-01') =>
    (world.client.call as (a: string, p: Record<string, unknown>, o: { version: string }) => Promise<unknown>)(
      action,
      params,
      { version },
    );
  const rejectsWith = async (promise: Promise<unknown>, code: string, message?: RegExp) => {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof RtcApiError, String(error));
      assert.equal(error.code, code, error.message);
      if (message) assert.match(error.message, message);
      return true;
    });
  };

  before(async () => {
    world = await startRecordingWorld({ timeScale: 60 });
    appId = world.dev.appId;
  });
  after(() => world.close());

  it('ends a task nobody publishes to after MaxIdleTime of task time, with IdleTimeOut and a file', async () => {
    const task = key('idle-1');
    const startedAt = Date.now();
    assert.equal(await call('StartRecord', { ...task, ...storage, Control: { MaxIdleTime: 60 } }), 'ok');
    const stopped = await world.receiver.next('RecordStopped', task.TaskId);
    const tookMs = Date.now() - startedAt;
    assert.ok(tookMs >= 900 && tookMs < 5000, `idle 60 s of task time took ${tookMs} ms of wall time`);
    assert.equal(stopped.StopReason, 'IdleTimeOut');
    const ended = await settledTask(world.sdk, task);
    assert.deepEqual([ended.Status, ended.StopReason], [3, 'IdleTimeOut']);
    // The media is in wall-clock time: about one second of black and silence.
    const [file] = ended.RecordFileList as { ObjectKey: string; Duration: number }[];
    const probe = await ffprobe(world.objectPath('task-bucket', file!.ObjectKey));
    const wallMs = (ended.EndTime as number) - (ended.StartTime as number);
    assert.ok(Math.abs(Number(probe.format.duration) * 1000 - wallMs) <= Math.max(70, wallMs * 0.05));
  });

  it('keeps a task alive while someone publishes, and ends it MaxIdleTime after they stop', async () => {
    const task = key('idle-2', 'busy-room');
    const member = await world.member(task.RoomId, 'speaker');
    await publish(member, { audio: true });
    await call('StartRecord', { ...task, ...storage, Control: { MaxIdleTime: 60 } });
    await sleep(1600);
    const running = (await call('GetRecordTask', task)) as { RecordTask: { Status: number } };
    assert.equal(running.RecordTask.Status, 2);
    await publish(member, {});
    const unpublishedAt = Date.now();
    const stopped = await world.receiver.next('RecordStopped', task.TaskId);
    assert.equal(stopped.StopReason, 'IdleTimeOut');
    const idleMs = Date.now() - unpublishedAt;
    assert.ok(idleMs >= 900 && idleMs < 5000, `ended ${idleMs} ms after the last unpublish`);
  });

  it('ends a task at MaxRecordTime of task time with UnknownStopReason (our choice: undocumented)', async () => {
    const task = key('max-1', 'max-room');
    const member = await world.member(task.RoomId, 'talker');
    await publish(member, { audio: true, video: true });
    await call('StartRecord', { ...task, ...storage, Control: { MaxRecordTime: 60 } });
    const stopped = await world.receiver.next('RecordStopped', task.TaskId);
    assert.equal(stopped.StopReason, 'UnknownStopReason');
    const ended = await settledTask(world.sdk, task);
    const ranMs = (ended.EndTime as number) - (ended.StartTime as number);
    assert.ok(ranMs >= 950 && ranMs < 3000, `ran ${ranMs} ms`);
  });

  it('answers a second Start of a running task by version, and refuses Update/Stop of what is not running', async () => {
    const task = key('twice-1');
    await rejectsWith(call('StopRecord', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    await rejectsWith(call('UpdateRecord', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    await rejectsWith(call('GetRecordTask', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    assert.equal(await call('StartRecord', { ...task, ...storage }), 'ok');
    assert.equal(
      await call('StartRecord', { ...task, ...storage }),
      'The task has been started. Please do not call the startup task interface repeatedly',
    );
    for (const version of ['2022-06-01', '2023-06-01']) {
      await rejectsWith(call('StartRecord', { ...task, ...storage }, version), 'InvalidParameter.TaskAlreadyExists');
    }
    await rejectsWith(
      call('StartRecord', { ...task, Vod: { AccountId: '2100000001', Space: 'space' } }, '2020-12-01'),
      'InvalidParameter.TaskAlreadyExists',
    );
    // The same TaskId in another room is another task.
    assert.equal(await call('StartRecord', { ...key('twice-1', 'other-room'), ...storage }), 'ok');
    assert.equal(await call('UpdateRecord', { ...task, TargetStreams: { StreamList: [{ UserId: 'x' }] } }), 'ok');
    assert.equal(await call('StopRecord', task), 'ok');
    await rejectsWith(call('StopRecord', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    await rejectsWith(call('UpdateRecord', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    assert.equal(await call('StopRecord', key('twice-1', 'other-room')), 'ok');
    // A finished TaskId may be started again (research 8: assumed), as a new run.
    await settledTask(world.sdk, task);
    assert.equal(await call('StartRecord', { ...task, ...storage }), 'ok');
    assert.equal(await call('StopRecord', task), 'ok');
  });

  it('serialises calls racing on one task: one start, one stop, the rest refused', async () => {
    const task = key('race-1');
    const starts = await Promise.allSettled(
      Array.from({ length: 6 }, () => call('StartRecord', { ...task, ...storage }, '2022-06-01')),
    );
    assert.equal(starts.filter((s) => s.status === 'fulfilled').length, 1, JSON.stringify(starts));
    const stops = await Promise.allSettled(Array.from({ length: 6 }, () => call('StopRecord', task)));
    assert.equal(stops.filter((s) => s.status === 'fulfilled').length, 1);
    for (const s of stops.filter((r) => r.status === 'rejected')) {
      assert.equal((s.reason as RtcApiError).code, 'InvalidParameter.ErrorActiveTaskNotFound');
    }
    const ended = await settledTask(world.sdk, task);
    assert.deepEqual([ended.Status, ended.StopReason], [3, 'StopByAPI']);
    const started = world.receiver.received.filter(
      (c) => c.EventType === 'RecordStarted' && c.EventData.TaskId === 'race-1',
    );
    assert.equal(started.length, 1);
  });

  it('refuses bad input naming the field, and writes no task for it', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ Encode: { VideoWidth: 641 } }, 'InvalidParameter', /Encode\.VideoWidth/],
      [{ StorageConfig: { Type: 0 } }, 'InvalidParameter', /StorageConfig\.TosConfig/],
      [
        { StorageConfig: { Type: 0, TosConfig: { AccountId: '', Bucket: 'b-1' } } },
        'InvalidParameter.EmptyAccountId',
        /AccountId/,
      ],
      [
        { StorageConfig: { Type: 0, TosConfig: { AccountId: '1', Bucket: 'Bad_Bucket' } } },
        'InvalidParameter',
        /TosConfig\.Bucket/,
      ],
      [{ StorageConfig: { Type: 3 } }, 'InvalidParameter', /StorageConfig\.Type/],
      [{ Layout: { LayoutMode: 4 } }, 'InvalidParameter', /Layout\.LayoutMode/],
      [{ Layout: { LayoutMode: 2 } }, 'InvalidParameter', /Layout\.CustomLayout\.Regions/],
      [
        {
          TargetStreams: { StreamList: [{ UserId: 'a', Index: 3 }] },
          Layout: {
            LayoutMode: 2,
            CustomLayout: { Regions: [{ StreamIndex: 4, WidthProportion: 0.5, HeightProportion: 0.5 }] },
          },
        },
        'InvalidParameter',
        /Layout\.CustomLayout\.Regions\[0\]\.StreamIndex/,
      ],
      [
        {
          TargetStreams: { StreamList: [{ UserId: 'a', Index: 3 }] },
          Layout: {
            LayoutMode: 2,
            CustomLayout: {
              Regions: [{ StreamIndex: 3, LocationX: 700, WidthProportion: 0.5, HeightProportion: 0.5 }],
            },
          },
        },
        'InvalidParameter',
        /Layout\.CustomLayout\.Regions\[0\] must lie on the 640x480 canvas/,
      ],
      [{ FileFormatConfig: { FileFormat: ['MP4', 'WAV'] } }, 'InvalidParameter', /FileFormatConfig\.FileFormat/],
      [{ FileFormatConfig: { FileFormat: ['FLV'] }, Encode: { VideoCodec: 1 } }, 'InvalidParameter', /FLV/],
      [{ FileNameConfig: { Prefix: ['..', 'x'] } }, 'InvalidParameter', /FileNameConfig/],
      [
        {
          TargetStreams: {
            StreamList: [
              { UserId: 'a', Index: 1 },
              { UserId: 'b', Index: 1 },
            ],
          },
        },
        'InvalidParameter',
        /TargetStreams\.StreamList\[1\]\.Index/,
      ],
      [{ Control: { MaxIdleTime: 5 } }, 'InvalidParameter', /MaxIdleTime/],
      [{ TaskId: 'bad task id' }, 'InvalidParameter', /TaskId/],
    ];
    // The official SDK sends what it is given (our client would refuse some of these itself).
    for (const [change, code, message] of cases) {
      const answer = await world.sdk.StartRecord({ ...key('bad-1'), ...storage, ...change });
      const error = answer.ResponseMetadata.Error;
      assert.equal(error?.Code, code, JSON.stringify(answer));
      assert.match(error.Message ?? '', message);
    }
    await rejectsWith(call('GetRecordTask', key('bad-1')), 'InvalidParameter.ErrorActiveTaskNotFound');
  });

  it('fails the next start on demand (admin fault injection): Status 4, StartTaskFailed, RecordStarted Code 1', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${world.running.url}/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    assert.deepEqual(await admin('PUT', `/apps/${appId}/fail-next-start`, {}), {
      status: 200,
      body: { appId, failNextStarts: 1 },
    });
    const task = key('fail-1');
    assert.equal(await call('StartRecord', { ...task, ...storage }), 'ok');
    const started = await world.receiver.next('RecordStarted', task.TaskId);
    assert.equal(started.Code, 1);
    assert.match(String(started.ErrorMessage), /failed to start/);
    const failed = (await call('GetRecordTask', task)) as { RecordTask: Record<string, unknown> };
    assert.equal(failed.RecordTask.Status, 4);
    assert.equal(failed.RecordTask.StopReason, 'StartTaskFailed');
    assert.ok((failed.RecordTask.EndTime as number) > 0);
    await rejectsWith(call('StopRecord', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    // One failure was asked for: the next start runs.
    assert.equal(await call('StartRecord', { ...task, ...storage }), 'ok');
    assert.equal(await call('StopRecord', task), 'ok');
    const listed = await admin('GET', `/tasks?appId=${appId}&limit=1000`);
    const tasks = listed.body.tasks as { taskId: string; roomId: string; status: number }[];
    assert.equal(listed.body.total, tasks.length);
    assert.ok(tasks.some((t) => t.taskId === 'fail-1' && t.roomId === 'task-room'));
    assert.ok(tasks.some((t) => t.taskId === 'idle-1' && t.status === 3));
  });

  it("keeps each task's timeline: its states in order, its callbacks with their EventId and deliveries", async () => {
    const timelineOf = async (taskId: string) => {
      const query = new URLSearchParams({ kind: 'record', appId, roomId: 'task-room', taskId });
      const answer = await fetch(`${world.running.url}/admin/tasks/timeline?${query}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      assert.equal(answer.status, 200);
      return (await answer.json()) as {
        task: { phase: string; stopReason: string };
        total: number;
        timeline: {
          at: string;
          entry: string;
          name: string;
          detail: string;
          eventId?: string;
          deliveries?: unknown[];
        }[];
      };
    };
    // idle-1 ran to its idle timeout (the first test): every step of it, in order, each callback delivered.
    const idle = await timelineOf('idle-1');
    assert.deepEqual(
      idle.timeline.map((e) => `${e.entry} ${e.name}${e.detail && e.entry === 'state' ? ` (${e.detail})` : ''}`),
      [
        'state pending',
        'state running',
        'callback RecordStarted',
        'state stopping (IdleTimeOut)',
        'state ended',
        'callback RecordStopped',
      ],
    );
    assert.equal(idle.total, 6);
    const times = idle.timeline.map((e) => Date.parse(e.at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'in time order',
    );
    for (const e of idle.timeline.filter((line) => line.entry === 'callback')) {
      assert.match(e.eventId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        (e.deliveries as { status: string }[]).map((d) => d.status),
        ['delivered'],
      );
    }
    // fail-1 was started again after its injected failure: its timeline is the second run's, the first one gone.
    await settledTask(world.sdk, key('fail-1'));
    const again = await timelineOf('fail-1');
    assert.deepEqual(
      again.timeline.filter((e) => e.entry === 'state').map((e) => e.name),
      ['pending', 'running', 'stopping', 'ended'],
    );
  });

  it('refuses StartRecord with AccessDenied.RecordNotEnabled when the admin API switched the app recording off', async () => {
    const setRecording = async (enabled: boolean) => {
      const answer = await fetch(`${world.running.url}/admin/apps/${appId}/recording`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { appId, recordingEnabled: enabled });
    };
    await setRecording(false);
    await rejectsWith(call('StartRecord', { ...key('off-1'), ...storage }), 'AccessDenied.RecordNotEnabled');
    await rejectsWith(call('GetRecordTask', key('off-1')), 'InvalidParameter.ErrorActiveTaskNotFound');
    await setRecording(true);
    assert.equal(await call('StartRecord', { ...key('off-1'), ...storage }), 'ok');
    assert.equal(await call('StopRecord', key('off-1')), 'ok');
  });
});
