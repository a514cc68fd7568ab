// Relayed online media: a file and an HTTP URL served by the test really read by ffmpeg, the relay's user joining
// the room as a visible member that publishes (seen by a room client, GetRoomOnlineUsers and signed callbacks),
// RelayStreamStateChanged on every Status change, a source that ends, one that cannot be opened, ListRelayStream's
// paging, a wrong token, and the 72 h limit on a time-scaled clock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccessToken } from '@rtc-openapi/client';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { startPushWorld, until, type PushWorld } from '../push-cdn/push-harness.js';

const EVENTS = ['RelayStreamStateChanged', 'UserJoinRoom', 'UserLeaveRoom'];
type Listed = { Total: number; Offset: number; Limit: number; Task: Record<string, unknown>[] };

/** A 3 s MP4 (test pattern and tone) and an HTTP server that serves it. */
async function mediaSource(): Promise<{ dir: string; file: string; http: Server; url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-relay-src-'));
  const file = join(dir, 'source.mp4');
  const made = spawnSync(findMediaBinaries().ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=15:d=3'],
    ...['-f', 'lavfi', '-i', 'sine=f=440:d=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac'],
    ...['-movflags', '+faststart', '-y', file],
  ]);
  assert.equal(made.status, 0, made.stderr?.toString());
  const http = createServer((req, res) => {
    if (req.url !== '/source.mp4') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { dir, file, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/source.mp4` };
}

describe('relay streams', () => {
  let world: PushWorld;
  let source: Awaited<ReturnType<typeof mediaSource>>;
  before(async () => {
    source = await mediaSource();
    world = await startPushWorld({ events: EVENTS });
  });
  after(async () => {
    await world.close();
    source.http.close();
    rmSync(source.dir, { recursive: true, force: true });
  });

  const token = (roomId: string, userId: string) => {
    const t = new AccessToken({ appId: world.dev.appId, roomId, userId, expireAt: 0 });
    t.addPrivilege('PublishStream');
    return t.serialize(world.dev.appKey);
  };
  const states = (taskId: string) => world.events('RelayStreamStateChanged', taskId).map((e) => [e.Status, e.Reason]);

  it('relays a file into the room as a visible publishing user until the file ends', async () => {
    const room = 'relay-room';
    const watcher = await world.member(room, 'watcher');
    const task = { AppId: world.dev.appId, RoomId: room, TaskId: 'from-file' };
    const answer = await world.call('StartRelayStream', {
      ...task,
      UserId: 'relay-bot',
      Token: token(room, 'relay-bot'),
      Control: { StreamUrl: source.file },
    });
    assert.equal(answer, 'ok');
    const published = await watcher.nextOfType('streamPublished', { userId: 'relay-bot' });
    assert.deepEqual([published.audio, published.video], [true, true]);
    await watcher.nextOfType('userJoined', { userId: 'relay-bot' });
    const online = (await world.call('GetRoomOnlineUsers', { AppId: world.dev.appId, RoomId: room })) as {
      UserList?: string[];
      VisibleUserList?: string[];
    };
    assert.ok(JSON.stringify(online).includes('relay-bot'), JSON.stringify(online));
    const listed = (await world.call('ListRelayStream', { AppId: world.dev.appId, RoomId: room })) as Listed;
    assert.equal(listed.Total, 1);
    assert.equal(listed.Task[0]!.Status, 2);
    assert.equal(listed.Task[0]!.UserId, 'relay-bot');

    // The 3 s file ends: the user leaves and the relay is over.
    await watcher.nextOfType('userLeft', { userId: 'relay-bot' });
    await until(() => states('from-file').length === 3, 'three state changes');
    assert.deepEqual(states('from-file'), [
      [1, 0],
      [2, 0],
      [3, 2],
    ]);
    // The server-side user is reported by the room callbacks like any other.
    for (const type of ['UserJoinRoom', 'UserLeaveRoom']) {
      await until(
        () => world.receiver.received.some((c) => c.EventType === type && c.EventData.UserId === 'relay-bot'),
        type,
      );
    }
    const ended = (await world.call('ListRelayStream', { AppId: world.dev.appId, RoomId: room })) as Listed;
    assert.equal(ended.Task[0]!.Status, 3);
  });

  it('relays an HTTP URL until stopped, fails a source that cannot be opened, and pages the list', async () => {
    const room = 'relay-http';
    const watcher = await world.member(room, 'watcher');
    const start = (taskId: string, userId: string, url: string, loop = false) =>
      world.call('StartRelayStream', {
        AppId: world.dev.appId,
        RoomId: room,
        TaskId: taskId,
        UserId: userId,
        Token: token(room, userId),
        Control: { StreamUrl: url, Loop: loop },
      });
    await start('http-1', 'http-bot', source.url);
    await watcher.nextOfType('streamPublished', { userId: 'http-bot' });
    await world.call('StopRelayStream', { AppId: world.dev.appId, RoomId: room, TaskId: 'http-1' });
    await watcher.nextOfType('userLeft', { userId: 'http-bot' });
    await until(() => states('http-1').length === 3, 'the stop');
    assert.deepEqual(states('http-1').at(-1), [3, 0]);

    await start('missing', 'missing-bot', `${source.url}.missing`);
    await until(() => states('missing').length === 2, 'the unopened source');
    assert.deepEqual(states('missing'), [
      [1, 0],
      [3, 1],
    ]);
    assert.match(String(world.events('RelayStreamStateChanged', 'missing')[1]!.Msg), /could not be opened/);

    const page = (await world.call('ListRelayStream', {
      AppId: world.dev.appId,
      RoomId: room,
      Offset: 1,
      Limit: 1,
      Order: 1,
    })) as Listed;
    assert.deepEqual([page.Total, page.Offset, page.Limit, page.Task.length], [2, 1, 1, 1]);
    assert.equal(page.Task[0]!.TaskId, 'http-1', 'newest first, the second of two');

    await assert.rejects(
      world.call('StartRelayStream', {
        AppId: world.dev.appId,
        RoomId: room,
        TaskId: 'bad-token',
        UserId: 'someone',
        Token: token(room, 'someone-else'),
        Control: { StreamUrl: source.url },
      }),
      (e: { code?: string; message?: string }) => e.code === 'InvalidParameter' && /Token/.test(e.message ?? ''),
    );
    await assert.rejects(
      start('bad-url', 'x-bot', 'concat:/etc/passwd'),
      (e: { code?: string; message?: string }) => e.code === 'InvalidParameter' && /StreamUrl/.test(e.message ?? ''),
    );
  });
});

describe('the relay 72 h limit (time scale 129600: 72 h in 2 s)', () => {
  it('ends a looping relay with ExceedMaxRunningTime', async (t) => {
    const source = await mediaSource();
    const world = await startPushWorld({ events: EVENTS, timeScale: 129_600 });
    t.after(async () => {
      await world.close();
      source.http.close();
      rmSync(source.dir, { recursive: true, force: true });
    });
    const tok = new AccessToken({ appId: world.dev.appId, roomId: 'long', userId: 'loop-bot', expireAt: 0 });
    await world.call('StartRelayStream', {
      AppId: world.dev.appId,
      RoomId: 'long',
      TaskId: 'loop',
      UserId: 'loop-bot',
      Token: tok.serialize(world.dev.appKey),
      Control: { StreamUrl: source.file, Loop: true },
    });
    await until(() => world.events('RelayStreamStateChanged', 'loop').length === 3, 'the limit', 20_000);
    const last = world.events('RelayStreamStateChanged', 'loop').at(-1)!;
    assert.deepEqual([last.Status, last.Reason, last.Msg], [3, 4, 'ExceedMaxRunningTime']);
  });
});
