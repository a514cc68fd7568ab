// Whiteboard recording end to end through the whole server and the signed client, both versions: a task of the
// engine (Status and StopReason in the admin task list, as every task), whose video (the default board, or the
// SourceURL page really fetched at start) is a real MP4 in the object store as long as the task ran (ffprobe); a page
// that does not load fails the start; the run limit and a restart end it as a recording; bad input is refused naming
// the field, with nothing written. No callback is documented for it: none is sent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CALLBACK_SECRET, ADMIN_TOKEN, ffprobe, sleep } from '../providers/recording/recording-harness.js';
import { startLiveTaskWorld, type LiveTaskWorld } from '../providers/live-tasks/live-task-world.js';

const ALREADY = 'The task has been started. Please do not call the startup task interface repeatedly';

interface AdminTask {
  kind: string;
  roomId: string;
  taskId: string;
  businessId: string;
  apiVersion: string;
  status: number;
  startTime: number;
  endTime: number;
  stopReason: string;
  bucket?: string;
  error?: string;
  files: { ObjectKey: string; Duration: number; Size: number; StartTime: number; VideoCodec: string }[];
}

/** The whiteboard task `taskId` of room `roomId` in the admin task list (undefined when there is none). */
async function adminTask(world: LiveTaskWorld, roomId: string, taskId: string): Promise<AdminTask | undefined> {
  const response = await fetch(`${world.running.url}/admin/tasks?appId=${world.dev.appId}&limit=1000`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(response.status, 200);
  const { tasks } = (await response.json()) as { tasks: AdminTask[] };
  return tasks.find((t) => t.kind === 'wb-record' && t.roomId === roomId && t.taskId === taskId);
}

const settled = (world: LiveTaskWorld, roomId: string, taskId: string) =>
  world.until(
    () => adminTask(world, roomId, taskId),
    (t) => t !== undefined && (t.status === 3 || t.status === 4),
  ) as Promise<AdminTask>;

/** The stored MP4 of an ended task: H.264 1280x720 and AAC, as long as the task ran. */
async function checkFile(world: LiveTaskWorld, task: AdminTask, roomId: string): Promise<void> {
  assert.equal(task.files.length, 1, JSON.stringify(task));
  const [file] = task.files;
  assert.equal(task.bucket, 'whiteboard');
  const prefix = `record/${world.dev.appId}/${roomId}/`;
  assert.ok(file!.ObjectKey.startsWith(prefix), file!.ObjectKey);
  assert.match(file!.ObjectKey.slice(prefix.length), new RegExp(`^${task.taskId}_\\d{13}_\\d{6}_[0-9a-f]{8}\\.mp4$`));
  const path = world.objectPath('whiteboard', file!.ObjectKey);
  assert.ok(existsSync(path), path);
  const probe = await ffprobe(path);
  const video = probe.streams.find((s) => s.codec_type === 'video')!;
  assert.deepEqual([video.codec_name, video.width, video.height], ['h264', 1280, 720]);
  assert.equal(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac');
  const seconds = Number(probe.format.duration);
  const ran = (task.endTime - task.startTime) / 1000;
  assert.ok(Math.abs(seconds - ran) <= Math.max(0.05 * ran, 0.15), `${seconds} s for ${ran} s`);
  assert.equal(file!.StartTime, task.startTime);
  assert.ok(Math.abs(file!.Duration / 1000 - seconds) < 0.01);
}

describe('whiteboard recording through the whole server', () => {
  let world: LiveTaskWorld;
  let pages: Server;
  let site = '';
  const fetched: string[] = [];
  const room = 'wb-room';

  before(async () => {
    world = await startLiveTaskWorld({ timeScale: 4 });
    // Recording callbacks are subscribed too: a whiteboard recording must send none of them.
    await world.client.call('CreateCallback', {
      AppID: world.dev.appId,
      BusinessId: 'wb-watch',
      EventList: ['RecordStarted', 'RecordStopped'],
      SecretKey: CALLBACK_SECRET,
      URL: world.receiver.url,
    });
    pages = createServer((req, res) => {
      fetched.push(req.url ?? '');
      if (req.url?.startsWith('/board')) res.end('<html><head><title>Lesson board</title></head></html>');
      else res.writeHead(404).end('no');
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  });
  after(async () => {
    await world?.close();
    await new Promise<void>((resolve) => pages.close(() => resolve()));
  });

  it('records the default board from start to stop (2023-11-01) into a real MP4, and sends no callback', async () => {
    const task = { AppId: world.dev.appId, RoomId: room, TaskId: 'wb-1', UserId: 'recorder' };
    assert.equal(await world.call('StartWBRecord', { ...task, BusinessId: 'lessons' }), 'ok');
    const running = await world.until(
      () => adminTask(world, room, 'wb-1'),
      (t) => t?.status === 2,
    );
    assert.deepEqual([running!.endTime, running!.stopReason, running!.businessId], [0, '', 'lessons']);
    // Started again while it runs: the documented 2023-11-01 answer; the running task is not touched.
    assert.equal(await world.call('StartWBRecord', task), ALREADY);
    await sleep(1500);
    assert.equal(await world.call('StopWBRecord', task), 'ok');
    const ended = await settled(world, room, 'wb-1');
    assert.deepEqual([ended.status, ended.stopReason, ended.apiVersion], [3, 'StopByAPI', '2023-11-01']);
    assert.equal(ended.startTime, running!.startTime);
    await checkFile(world, ended, room);
    await world.rejectsWith(world.call('StopWBRecord', task), 'InvalidParameter.ErrorActiveTaskNotFound');
    // A finished TaskId may start again: a new run.
    assert.equal(await world.call('StartWBRecord', task), 'ok');
    await world.until(
      () => adminTask(world, room, 'wb-1'),
      (t) => t?.status === 2 && t.startTime > ended.startTime,
    );
    assert.equal(await world.call('StopWBRecord', task), 'ok');
    assert.equal((await settled(world, room, 'wb-1')).status, 3);
    await sleep(300);
    const told = world.receiver.received.filter((c) => c.EventData.TaskId === 'wb-1');
    assert.deepEqual(told, []);
  });

  it('records the SourceURL page (2020-12-01), fetched when the task starts', async () => {
    const task = { AppId: world.dev.appId, RoomId: room, TaskId: 'wb-page', UserId: 'recorder' };
    const V = '2020-12-01';
    assert.equal(await world.call('StartWBRecord', { ...task, SourceURL: `${site}/board?lesson=7` }, V), 'ok');
    await world.until(
      () => adminTask(world, room, 'wb-page'),
      (t) => t?.status === 2,
    );
    assert.ok(fetched.includes('/board?lesson=7'), JSON.stringify(fetched));
    // 2020-12-01 refuses a second start of a running task.
    await world.rejectsWith(world.call('StartWBRecord', task, V), 'InvalidParameter.TaskAlreadyExists');
    // The same TaskId in another room is another task.
    assert.equal(await world.call('StartWBRecord', { ...task, RoomId: 'wb-room-2' }, V), 'ok');
    await sleep(800);
    assert.equal(await world.call('StopWBRecord', task, V), 'ok');
    assert.equal(await world.call('StopWBRecord', { ...task, RoomId: 'wb-room-2' }, V), 'ok');
    const ended = await settled(world, room, 'wb-page');
    assert.deepEqual([ended.status, ended.stopReason, ended.apiVersion], [3, 'StopByAPI', V]);
    await checkFile(world, ended, room);
    await checkFile(world, await settled(world, 'wb-room-2', 'wb-page'), 'wb-room-2');
  });

  it('fails the start when the page does not load, or the app may not record (fault injection too)', async () => {
    const base = { AppId: world.dev.appId, RoomId: room, UserId: 'recorder' };
    assert.equal(await world.call('StartWBRecord', { ...base, TaskId: 'wb-404', SourceURL: `${site}/gone` }), 'ok');
    const missing = await settled(world, room, 'wb-404');
    assert.deepEqual([missing.status, missing.stopReason, missing.files], [4, 'StartTaskFailed', []]);
    assert.match(missing.error ?? '', /answered HTTP 404/);

    await fetch(`${world.running.url}/admin/apps/${world.dev.appId}/fail-next-start`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1 }),
    });
    assert.equal(await world.call('StartWBRecord', { ...base, TaskId: 'wb-fault' }), 'ok');
    const faulted = await settled(world, room, 'wb-fault');
    assert.deepEqual([faulted.status, faulted.stopReason], [4, 'StartTaskFailed']);

    const switchRecording = (enabled: boolean) =>
      fetch(`${world.running.url}/admin/apps/${world.dev.appId}/recording`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
    await switchRecording(false);
    try {
      await world.rejectsWith(
        world.call('StartWBRecord', { ...base, TaskId: 'wb-off' }),
        'AccessDenied.RecordNotEnabled',
      );
      assert.equal(await adminTask(world, room, 'wb-off'), undefined);
    } finally {
      await switchRecording(true);
    }
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const base = { AppId: world.dev.appId, RoomId: room, TaskId: 'wb-bad', UserId: 'recorder' };
    // Sent with the official SDK, which checks nothing itself: the server's answer is what is tested.
    const sdk = world.sdk as unknown as {
      createAPI(action: string, o: Record<string, string>): (p: unknown) => Promise<SdkAnswer>;
    };
    type SdkAnswer = { ResponseMetadata: { Error?: { Code: string; Message: string } }; Result?: unknown };
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ ...base, SourceURL: 'ftp://example.com/board' }, 'InvalidParameter', /SourceURL/],
      [{ ...base, SourceURL: 'not a url' }, 'InvalidParameter', /SourceURL/],
      [{ ...base, SourceURL: `https://example.com/${'a'.repeat(1024)}` }, 'InvalidParameter', /SourceURL.*1024/],
      [{ ...base, SourceURL: 12 }, 'InvalidParameter', /SourceURL/],
      [{ ...base, TaskId: 'bad id!' }, 'InvalidParameter', /TaskId/],
      [{ ...base, RoomId: 'r'.repeat(129) }, 'InvalidParameter.IllegalRoomID', /RoomId/],
      [{ ...base, UserId: 'who?' }, 'InvalidParameter', /UserId/],
      [{ AppId: base.AppId, RoomId: room, TaskId: 'wb-bad' }, 'MissingParameter', /UserId/],
      [{ ...base, AppId: 'ffffffffffffffffffffffff' }, 'InvalidParameter.NotExistAppId', /AppId/],
    ];
    for (const Version of ['2020-12-01', '2023-11-01']) {
      const start = sdk.createAPI('StartWBRecord', { method: 'POST', contentType: 'json', Version });
      for (const [params, code, message] of refusals) {
        const answer = await start(params);
        assert.equal(answer.ResponseMetadata.Error?.Code, code, JSON.stringify([params, answer]));
        assert.match(answer.ResponseMetadata.Error!.Message, message);
        assert.equal(answer.Result, undefined);
      }
      const stop = sdk.createAPI('StopWBRecord', { method: 'POST', contentType: 'json', Version });
      const missing = await stop({ AppId: base.AppId, RoomId: room, TaskId: 'wb-bad' });
      assert.equal(missing.ResponseMetadata.Error?.Code, 'MissingParameter');
      assert.match(missing.ResponseMetadata.Error!.Message, /UserId/);
    }
    assert.equal(await adminTask(world, room, 'wb-bad'), undefined);
    await world.rejectsWith(
      world.call('StopWBRecord', { ...base, TaskId: 'never-started' }),
      'InvalidParameter.ErrorActiveTaskNotFound',
    );
  });

  it('a restart ends a running whiteboard recording with UnknownStopReason and makes its file', async () => {
    const task = { AppId: world.dev.appId, RoomId: room, TaskId: 'wb-restart', UserId: 'recorder' };
    assert.equal(await world.call('StartWBRecord', { ...task, SourceURL: `${site}/board` }), 'ok');
    await world.until(
      () => adminTask(world, room, 'wb-restart'),
      (t) => t?.status === 2,
    );
    await sleep(1200);
    const dataDir = world.running.dataDir;
    await world.close({ keepData: true });
    const hits = fetched.length;
    world = await startLiveTaskWorld({ dataDir });
    const ended = await settled(world, room, 'wb-restart');
    assert.deepEqual([ended.status, ended.stopReason], [3, 'UnknownStopReason']);
    await checkFile(world, ended, room);
    // The page's title was noted at start: the restarted server does not fetch it again.
    assert.equal(fetched.length, hits);
  });
});

describe('whiteboard recording run limit', () => {
  let world: LiveTaskWorld;
  // 24 hours of task time in 1.5 s.
  before(async () => (world = await startLiveTaskWorld({ timeScale: 86_400 / 1.5 })));
  after(() => world?.close());

  it('ends a recording after 24 hours of task time with UnknownStopReason', async () => {
    const task = { AppId: world.dev.appId, RoomId: 'limit-room', TaskId: 'wb-limit', UserId: 'recorder' };
    assert.equal(await world.call('StartWBRecord', task), 'ok');
    const ended = await settled(world, 'limit-room', 'wb-limit');
    assert.deepEqual([ended.status, ended.stopReason], [3, 'UnknownStopReason']);
    const ran = ended.endTime - ended.startTime;
    assert.ok(ran >= 1400 && ran < 4000, `ran ${ran} ms`);
    await checkFile(world, ended, 'limit-room');
  });
});
