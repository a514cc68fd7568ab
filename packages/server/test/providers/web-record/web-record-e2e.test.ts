// Web recording end to end through the whole server and the signed client: the page is really fetched from a local
// HTTP server (its title read), a page that does not load fails the task (Status 4, the reason told), the recording
// is a real MP4 (ffprobe: codec, size, duration as long as the task ran) stored in TOS or VOD, and
// GetWebRecordTask / GetWebRecordList (paging) report it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, ffprobe, sleep } from '../recording/recording-harness.js';
import { startLiveTaskWorld, type LiveTaskWorld } from '../live-tasks/live-task-world.js';

const SCALE = 4;
const V = '2020-12-01';

interface WebTask {
  Message: string;
  EventData: {
    TaskId: string;
    Status: number;
    CreateTime: number;
    FinishTime: number;
    Vid: string;
    FinalFile: { Index: number; Bucket: string; ObjectKey: string };
    Files: { Index: number; Bucket: string; ObjectKey: string }[];
  };
}

describe('web recording through the whole server', () => {
  let world: LiveTaskWorld;
  let pages: Server;
  let site = '';
  const fetched: string[] = [];
  before(async () => {
    world = await startLiveTaskWorld({ timeScale: SCALE });
    pages = createServer((req, res) => {
      fetched.push(req.url ?? '');
      if (req.url?.startsWith('/page')) {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          "<!doctype html><html><head><title>Quarterly &amp; Review: '%{pts}'</title></head><body>hi</body></html>",
        );
      } else {
        res.statusCode = 404;
        res.end('not here');
      }
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  });
  after(async () => {
    await world.close();
    await new Promise<void>((resolve) => pages.close(() => resolve()));
  });

  const getTask = async (TaskId: string) =>
    (await world.call('GetWebRecordTask', { AppId: world.dev.appId, TaskId }, V)) as WebTask;
  const settled = (TaskId: string) =>
    world.until(
      () => getTask(TaskId),
      (t) => t.EventData.Status === 3 || t.EventData.Status === 4,
    );

  it('fetches the page and records it into a real MP4 from start to stop', async () => {
    const task = { AppId: world.dev.appId, TaskId: 'web-1' };
    const started = await world.call(
      'StartWebRecord',
      {
        ...task,
        InputURL: `${site}/page?token=s3cret`,
        Bucket: 'webrec',
        VideoInfo: { ResolutionWidth: 640, ResolutionHeight: 360 },
      },
      V,
    );
    assert.deepEqual(started, { Message: 'success' });
    const running = await world.until(
      () => getTask(task.TaskId),
      (t) => t.EventData.Status === 2,
    );
    assert.equal(running.EventData.FinishTime, 0);
    assert.ok(fetched.includes('/page?token=s3cret'), JSON.stringify(fetched));
    await world.rejectsWith(
      world.call('StartWebRecord', { ...task, InputURL: `${site}/page`, Bucket: 'webrec' }, V),
      'InvalidParameter.TaskAlreadyExists',
    );
    await sleep(1500);
    assert.deepEqual(await world.call('StopWebRecord', task, V), { Message: 'success' });
    const ended = await settled(task.TaskId);
    assert.equal(ended.Message, 'success');
    assert.equal(ended.EventData.Status, 3);
    const { CreateTime, FinishTime, FinalFile, Files } = ended.EventData;
    assert.deepEqual(Files, [FinalFile]);
    assert.equal(FinalFile.Bucket, 'webrec');
    assert.match(FinalFile.ObjectKey, /^web-1_\d{13}_\d{6}_[0-9a-f]{8}\.mp4$/);
    const path = world.objectPath('webrec', FinalFile.ObjectKey);
    assert.ok(existsSync(path) && statSync(path).size > 0, path);
    const probe = await ffprobe(path);
    const video = probe.streams.find((s) => s.codec_type === 'video')!;
    assert.deepEqual([video.codec_name, video.width, video.height], ['h264', 640, 360]);
    assert.equal(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name, 'aac');
    const seconds = Number(probe.format.duration);
    const ran = (FinishTime - CreateTime) / 1000;
    assert.ok(Math.abs(seconds - ran) <= Math.max(0.05 * ran, 0.15), `${seconds} s for ${ran} s`);
    await world.rejectsWith(world.call('StopWebRecord', task, V), 'InvalidParameter.ErrorActiveTaskNotFound');
  });

  it("ends at Duration by itself, stores on VOD, and lists the app's web recordings page by page", async () => {
    const appId = world.dev.appId;
    // Duration 4 s of task time: one second of wall time at scale 4.
    await world.call(
      'StartWebRecord',
      { AppId: appId, TaskId: 'web-vod', InputURL: `${site}/page`, VideoSpace: 'space1', Duration: 4 },
      V,
    );
    const ended = await settled('web-vod');
    assert.equal(ended.EventData.Status, 3);
    assert.match(ended.EventData.Vid, /^v0[a-z0-9]{30}$/);
    const dir = join(world.running.dataDir, 'storage', 'vod', 'space1', ended.EventData.Vid);
    const [name] = readdirSync(dir);
    const probe = await ffprobe(join(dir, name!));
    const video = probe.streams.find((s) => s.codec_type === 'video')!;
    assert.deepEqual([video.codec_name, video.width, video.height], ['h264', 1280, 720]);
    const ran = (ended.EventData.FinishTime - ended.EventData.CreateTime) / 1000;
    assert.ok(ran >= 0.9 && ran < 3, `ran ${ran} s`);
    assert.ok(Math.abs(Number(probe.format.duration) - ran) <= Math.max(0.05 * ran, 0.15));

    for (const TaskId of ['web-list-1', 'web-list-2']) {
      await world.call(
        'StartWebRecord',
        { AppId: appId, TaskId, InputURL: `${site}/page`, Bucket: 'webrec', Duration: 2 },
        V,
      );
    }
    type List = {
      WebRecordList: {
        AppId: string;
        Tasks: Record<string, unknown>[];
        PageNumber: number;
        PageSize: number;
        TotalCount: number;
      };
    };
    const page1 = (await world.call('GetWebRecordList', { AppId: appId, PageSize: 2 }, V)) as List;
    const page2 = (await world.call('GetWebRecordList', { AppId: appId, PageSize: 2, PageNumber: 2 }, V)) as List;
    assert.equal(page1.WebRecordList.AppId, appId);
    assert.equal(page1.WebRecordList.TotalCount, page2.WebRecordList.TotalCount);
    assert.ok(page1.WebRecordList.TotalCount >= 4);
    assert.equal(page1.WebRecordList.Tasks.length, 2);
    assert.deepEqual([page2.WebRecordList.PageNumber, page2.WebRecordList.PageSize], [2, 2]);
    const ids = [...page1.WebRecordList.Tasks, ...page2.WebRecordList.Tasks].map((t) => t.TaskId);
    assert.equal(new Set(ids).size, ids.length);
    const vod = [...page1.WebRecordList.Tasks, ...page2.WebRecordList.Tasks].find((t) => t.TaskId === 'web-vod');
    if (vod)
      assert.deepEqual([vod.VideoSpace, vod.Vid, vod.Duration, vod.Status], ['space1', ended.EventData.Vid, 4, 3]);
    const all = (await world.call('GetWebRecordList', { AppId: appId, PageSize: 100 }, V)) as List;
    assert.ok(all.WebRecordList.Tasks.some((t) => t.TaskId === 'web-vod' && t.InputURL === `${site}/page`));
    for (const TaskId of ['web-list-1', 'web-list-2']) assert.equal((await settled(TaskId)).EventData.Status, 3);
  });

  it('fails the task when the page does not load, and refuses bad input naming the field', async () => {
    const appId = world.dev.appId;
    await world.call(
      'StartWebRecord',
      { AppId: appId, TaskId: 'web-404', InputURL: `${site}/missing`, Bucket: 'webrec' },
      V,
    );
    const missing = await settled('web-404');
    assert.equal(missing.EventData.Status, 4);
    assert.match(missing.Message, /HTTP 404/);
    assert.deepEqual(missing.EventData.Files, []);
    // A port nobody listens on: the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await world.call(
      'StartWebRecord',
      { AppId: appId, TaskId: 'web-refused', InputURL: `http://127.0.0.1:${port}/?key=hidden`, Bucket: 'webrec' },
      V,
    );
    const refused = await settled('web-refused');
    assert.equal(refused.EventData.Status, 4);
    assert.match(refused.Message, /could not be loaded/);
    assert.doesNotMatch(refused.Message, /hidden/);

    const bad = { AppId: appId, TaskId: 'web-bad' };
    await world.rejectsWith(
      world.call('StartWebRecord', { ...bad, InputURL: 'ftp://example.com/', Bucket: 'webrec' }, V),
      'InvalidParameter',
      /InputURL/,
    );
    await world.rejectsWith(
      world.call('StartWebRecord', { ...bad, InputURL: `${site}/page` }, V),
      'InvalidParameter',
      /Bucket .* or VideoSpace/,
    );
    await world.rejectsWith(
      world.call('StartWebRecord', { ...bad, InputURL: `${site}/page`, Bucket: 'Bad_Bucket' }, V),
      'InvalidParameter',
      /Bucket/,
    );
    await world.rejectsWith(
      world.call(
        'StartWebRecord',
        { ...bad, InputURL: `${site}/page`, Bucket: 'webrec', VideoInfo: { ResolutionWidth: 641 } },
        V,
      ),
      'InvalidParameter',
      /VideoInfo\.ResolutionWidth/,
    );
    await world.rejectsWith(
      world.call('StartWebRecord', { ...bad, InputURL: `${site}/page`, Bucket: 'webrec', Duration: -1 }, V),
      'InvalidParameter',
      /Duration/,
    );
    await world.rejectsWith(
      world.call('GetWebRecordList', { AppId: appId, PageSize: 0 }, V),
      'InvalidParameter',
      /PageSize/,
    );
    await world.rejectsWith(world.call('GetWebRecordTask', bad, V), 'InvalidParameter.ErrorActiveTaskNotFound');

    const setRecording = (enabled: boolean) =>
      fetch(`${world.running.url}/admin/apps/${appId}/recording`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
    assert.equal((await setRecording(false)).status, 200);
    await world.rejectsWith(
      world.call('StartWebRecord', { ...bad, InputURL: `${site}/page`, Bucket: 'webrec' }, V),
      'AccessDenied.RecordNotEnabled',
    );
    assert.equal((await setRecording(true)).status, 200);
  });
});
