// A recording running when the server stops is ended by the next start on the same data directory: StopReason
// UnknownStopReason at its last sign of life, its file made from the timeline kept in SQLite, its RecordStopped sent.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import {
  CallbackReceiver,
  ffprobe,
  publish,
  settledTask,
  sleep,
  startRecordingWorld,
} from '../providers/recording/recording-harness.js';

describe('a task the previous run left running', () => {
  const receiver = new CallbackReceiver();
  let dataDir: string | undefined;
  after(async () => {
    await receiver.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends at the restart with UnknownStopReason, its file and its callback', async () => {
    await receiver.start();
    const first = await startRecordingWorld({ receiver });
    dataDir = first.running.dataDir;
    await first.client.call('CreateCallback', {
      AppID: first.dev.appId,
      BusinessId: 'restart',
      EventList: ['RecordStarted', 'RecordStopped'],
      SecretKey: 'recording-callback-secret',
      URL: receiver.url,
    });
    const task = { AppId: first.dev.appId, RoomId: 'restart-room', TaskId: 'restart-1' };
    const member = await first.member(task.RoomId, 'presenter');
    await publish(member, { audio: true, video: true });
    const params = {
      ...task,
      StorageConfig: { Type: 0 as const, TosConfig: { AccountId: '1', Bucket: 'restart-bucket' } },
    };
    assert.equal(await first.client.call('StartRecord', params), 'ok');
    await receiver.next('RecordStarted', task.TaskId);
    await sleep(1200);
    await first.close({ keepData: true });
    assert.equal(
      receiver.received.some((c) => c.EventType === 'RecordStopped'),
      false,
      'nothing is told before the restart',
    );

    const second = await startRecordingWorld({ dataDir, receiver });
    try {
      const stopped = await receiver.next('RecordStopped', task.TaskId);
      assert.equal(stopped.StopReason, 'UnknownStopReason');
      const ended = await settledTask(second.sdk, task);
      assert.deepEqual([ended.Status, ended.StopReason], [3, 'UnknownStopReason']);
      const ranMs = (ended.EndTime as number) - (ended.StartTime as number);
      assert.ok(ranMs >= 1100 && ranMs < 3000, `ran ${ranMs} ms before the stop`);
      const [file] = ended.RecordFileList as { ObjectKey: string; Duration: number }[];
      const path = second.objectPath('restart-bucket', file!.ObjectKey);
      assert.ok(existsSync(path));
      const seconds = Number((await ffprobe(path)).format.duration);
      assert.ok(Math.abs(seconds * 1000 - ranMs) <= Math.max(70, ranMs * 0.05), `${seconds} s for ${ranMs} ms`);
      assert.deepEqual(stopped.RecordFileList, ended.RecordFileList);
    } finally {
      await second.close({ keepData: true });
    }
  });
});
