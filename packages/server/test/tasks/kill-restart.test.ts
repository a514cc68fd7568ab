// kill -9 of a server in the middle of a recording: the next start on the same data directory ends the task at its
// last sign of life (written every second) with UnknownStopReason, makes its file and sends RecordStopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { RtcClient } from '@rtc-openapi/client';
import type { DevCredentials } from '../../src/app.js';
import {
  CALLBACK_SECRET,
  CallbackReceiver,
  ffprobe,
  joinRoom,
  publish,
  settledTask,
  sleep,
  startRecordingWorld,
} from '../providers/recording/recording-harness.js';

const fixture = fileURLToPath(new URL('./serve.fixture.ts', import.meta.url));

describe('a recording whose server was killed', () => {
  const receiver = new CallbackReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-kill-'));
  after(async () => {
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends at the next start with UnknownStopReason, its file and its callback', async () => {
    await receiver.start();
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout! }).once('line', resolve),
      );
      const { url, dev } = JSON.parse(line) as { url: string; dev: DevCredentials };
      const client = new RtcClient({
        endpoint: url,
        accessKeyId: dev.accessKeyId,
        secretAccessKey: dev.secretAccessKey,
        retry: false,
        throttle: false,
      });
      await client.call('CreateCallback', {
        AppID: dev.appId,
        BusinessId: 'kill',
        EventList: ['RecordStarted', 'RecordStopped'],
        SecretKey: CALLBACK_SECRET,
        URL: receiver.url,
      });
      const member = await joinRoom(url, dev, 'kill-room', 'presenter');
      await publish(member, { audio: true, video: true });
      const task = { AppId: dev.appId, RoomId: 'kill-room', TaskId: 'kill-1' };
      const storage = { StorageConfig: { Type: 0 as const, TosConfig: { AccountId: '1', Bucket: 'kill-bucket' } } };
      assert.equal(await client.call('StartRecord', { ...task, ...storage }), 'ok');
      await receiver.next('RecordStarted', task.TaskId);
      await sleep(2300);
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;
      member.ws.terminate();
      await client.close();

      const world = await startRecordingWorld({ dataDir, receiver });
      try {
        const stopped = await receiver.next('RecordStopped', task.TaskId);
        assert.equal(stopped.StopReason, 'UnknownStopReason');
        const ended = await settledTask(world.sdk, task);
        const ranMs = (ended.EndTime as number) - (ended.StartTime as number);
        // Its last sign of life is at most a second (and a tick, and a loaded machine's lag) before the kill.
        const beforeKillMs = killedAt - (ended.EndTime as number);
        assert.ok(beforeKillMs >= 0 && beforeKillMs <= 1500, `ended ${beforeKillMs} ms before the kill`);
        assert.ok(ranMs >= 1000, `ended ${ranMs} ms after its start`);
        const [file] = ended.RecordFileList as { ObjectKey: string }[];
        const path = world.objectPath('kill-bucket', file!.ObjectKey);
        assert.ok(existsSync(path));
        const seconds = Number((await ffprobe(path)).format.duration);
        assert.ok(Math.abs(seconds * 1000 - ranMs) <= ranMs * 0.05, `${seconds} s for ${ranMs} ms`);
      } finally {
        await world.close({ keepData: true });
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
