// Live tasks across a restart: a server stopped while a snapshot task, a segment task and a web recording run leaves
// them to the next start on the same data directory, which ends each at its last sign of life with
// UnknownStopReason; the images and slices made before are kept (listed), and the web recording's file is made with
// the page's title noted at start.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, ffprobe, publish } from '../recording/recording-harness.js';
import { startLiveTaskWorld } from './live-task-world.js';

describe('live tasks across a restart', () => {
  const page = createServer((_req, res) => res.end('<title>Restart page</title>'));
  let site = '';
  before(async () => {
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => page.close(() => resolve())));

  it('ends them at the next start with UnknownStopReason, keeping what they made', async () => {
    const first = await startLiveTaskWorld({ timeScale: 10 });
    const appId = first.dev.appId;
    const room = 'restart-room';
    const member = await first.member(room, 'alice');
    await publish(member, { audio: true, video: true });
    const TOS = { Type: 0, TosConfig: { AccountId: '1', Bucket: 'restart' } };
    await first.call('StartSnapshot', { AppId: appId, RoomId: room, TaskId: 'snap', StorageConfig: TOS });
    await first.call('StartSegment', { AppId: appId, RoomId: room, TaskId: 'seg', StorageConfig: TOS, Duration: 2 });
    await first.call(
      'StartWebRecord',
      { AppId: appId, TaskId: 'web', InputURL: site, Bucket: 'restart' },
      '2020-12-01',
    );
    await first.waitForEvents('SnapshotRealTimeData', 'snap', 2);
    await first.waitForEvents('SegmentRealTimeData', 'seg', 2);
    const snapshots = first.events('SnapshotRealTimeData', 'snap').length;
    const dataDir = first.running.dataDir;
    await first.close({ keepData: true });

    const second = await startLiveTaskWorld({ dataDir });
    try {
      for (const [action, TaskId, field] of [
        ['GetSnapshotTask', 'snap', 'SnapshotTask'],
        ['GetSegmentTask', 'seg', 'SegmentTask'],
      ] as const) {
        const task = await second.until(
          async () =>
            (
              (await second.call(action, { AppId: appId, RoomId: room, TaskId })) as Record<
                string,
                Record<string, unknown>
              >
            )[field]!,
          (t) => t.Status === 3,
        );
        assert.equal(task.StopReason, 'UnknownStopReason', TaskId);
      }
      const web = await second.until(
        async () =>
          (await second.call('GetWebRecordTask', { AppId: appId, TaskId: 'web' }, '2020-12-01')) as {
            EventData: { Status: number; FinalFile: { ObjectKey: string } };
          },
        (t) => t.EventData.Status === 3,
      );
      const probe = await ffprobe(second.objectPath('restart', web.EventData.FinalFile.ObjectKey));
      assert.equal(probe.streams.find((s) => s.codec_type === 'video')?.codec_name, 'h264');
      // The images made before the stop are still in storage and in the task's row (the admin task list).
      const listed = await fetch(`${second.running.url}/admin/tasks?appId=${appId}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const body = JSON.stringify(await listed.json());
      assert.ok(snapshots >= 2);
      assert.ok((body.match(/"VideoCodec":"mjpeg"/g) ?? []).length >= snapshots, body.slice(0, 400));
    } finally {
      await second.close();
    }
  });
});
