// How an agent ends: its target absent for IdleTimeout (time-scaled), KickUser, DismissRoom, the server stopping,
// and a run that died with agents running (ended at the next start, with a VoiceChat event).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE_NAME } from '../../src/store/database.js';
import { newDataDir } from '../e2e/e2e-server.js';
import { CallbackReceiver, SCALE, startParams, startVoiceWorld, until, type VoiceWorld } from './voice-harness.js';

const stopOf = (w: VoiceWorld, task: string) =>
  until(() => w.voiceEvents(task).find((e) => e.RunStage === 'taskStop'), `taskStop of ${task}`).then(
    (e) => JSON.parse(String(e.ExtraInfo)) as { StopReason: string; Detail: string },
  );

describe('voice agent lifecycle', () => {
  let w: VoiceWorld;
  before(async () => {
    w = await startVoiceWorld();
  });
  after(() => w.close());

  it('leaves after IdleTimeout without its target (time-scaled), and not while the target is there', async () => {
    const other = await w.join('i1', 'other');
    const human = await w.join('i1', 'human');
    await w.client.call(
      'StartVoiceChat',
      startParams(w.dev.appId, 'i1', 'idle', w.llm.url, { AgentConfig: { IdleTimeout: 4 } }),
    );
    await until(() => other.events.some((e) => e.type === 'userJoined' && e.userId === 'bot'), 'the bot joins');
    // 4 task seconds = 200 ms at scale 20: present for longer than that, the agent stays.
    await new Promise((r) => setTimeout(r, (4000 / SCALE) * 2));
    assert.ok(!other.events.some((e) => e.type === 'userLeft' && e.userId === 'bot'));
    const t0 = Date.now();
    await human.client.leave();
    await until(() => other.events.some((e) => e.type === 'userLeft' && e.userId === 'bot'), 'the bot leaves', 5000);
    assert.ok(Date.now() - t0 >= 4000 / SCALE - 20, 'not before IdleTimeout');
    assert.equal((await stopOf(w, 'idle')).StopReason, 'IdleTimeOut');
    const leave = await until(
      () => w.receiver.received.find((c) => c.EventType === 'UserLeaveRoom' && c.EventData.UserId === 'bot'),
      'the UserLeaveRoom callback of the bot',
    );
    assert.equal(leave.EventData.RoomId, 'i1');
  });

  it('an agent whose target never comes leaves after IdleTimeout too', async () => {
    await w.client.call(
      'StartVoiceChat',
      startParams(w.dev.appId, 'i2', 'never', w.llm.url, { AgentConfig: { IdleTimeout: 2 } }),
    );
    assert.equal((await stopOf(w, 'never')).StopReason, 'IdleTimeOut');
  });

  it('KickUser and DismissRoom end the agent, and its task stops', async () => {
    const human = await w.join('k1', 'human');
    await w.client.call('StartVoiceChat', startParams(w.dev.appId, 'k1', 'kick', w.llm.url));
    await until(() => human.events.some((e) => e.type === 'userJoined' && e.userId === 'bot'), 'the bot joins');
    await w.client.call('KickUser', { AppId: w.dev.appId, RoomId: 'k1', UserId: 'bot' });
    assert.equal((await stopOf(w, 'kick')).StopReason, 'Kicked');
    await assert.rejects(w.client.call('StopVoiceChat', { AppId: w.dev.appId, RoomId: 'k1', TaskId: 'kick' }));

    await w.client.call('StartVoiceChat', startParams(w.dev.appId, 'k1', 'dismiss', w.llm.url));
    await w.client.call('DismissRoom', { AppId: w.dev.appId, RoomId: 'k1' });
    assert.equal((await stopOf(w, 'dismiss')).StopReason, 'RoomDismissed');
  });
});

describe('voice agents across a server stop and a crash', () => {
  it('a stop ends running agents with UnknownStopReason; a run that died has its agents ended at the next start', async () => {
    const dataDir = newDataDir();
    const receiver = new CallbackReceiver();
    await receiver.start();
    const first = await startVoiceWorld({ dataDir });
    // The next worlds deliver to this receiver (the subscription lives in the data directory).
    await first.client.call('UpdateCallback', {
      AppID: first.dev.appId,
      BusinessID: 'voice',
      EventList: ['VoiceChat'],
      SecretKey: 'recording-callback-secret',
      URL: receiver.url,
    });
    await first.client.call('StartVoiceChat', startParams(first.dev.appId, 'x1', 'graceful', first.llm.url));
    await first.close({ keepData: true });
    const db = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { fileMustExist: true });
    try {
      const row = db
        .prepare(`SELECT state, stop_reason, detail FROM voice_chat_tasks WHERE task_id = 'graceful'`)
        .get() as { state: string; stop_reason: string; detail: string };
      assert.deepEqual(row, {
        state: 'ended',
        stop_reason: 'UnknownStopReason',
        detail: 'the server is shutting down',
      });
      // A crashed run leaves its row running: as if the process had died with this agent in its room.
      db.prepare(
        `INSERT INTO voice_chat_tasks VALUES ('${first.dev.appId}', 'x1', 'crashed', '', '2024-12-01', 'bot', 'human',
          'running', 1, 0, '', '')`,
      ).run();
    } finally {
      db.close();
    }
    const second = await startVoiceWorld({ dataDir, subscribe: false });
    try {
      const ev = await until(
        () => receiver.received.find((c) => c.EventType === 'VoiceChat' && c.EventData.TaskId === 'crashed'),
        'the VoiceChat event of the crashed task',
      );
      assert.equal(ev.EventData.RunStage, 'taskStop');
      assert.deepEqual(JSON.parse(String(ev.EventData.ExtraInfo)), {
        StopReason: 'UnknownStopReason',
        Detail: 'the server restarted while the agent was running',
      });
      // The TaskId is free again.
      assert.equal(
        await second.client.call('StartVoiceChat', startParams(second.dev.appId, 'x1', 'crashed', second.llm.url)),
        'ok',
      );
    } finally {
      await second.close();
      await receiver.close();
    }
  });
});
