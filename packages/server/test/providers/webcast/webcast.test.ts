// Webcasts: the page really fetched from an HTTP server of the test, the webcast's user joining the room and
// publishing (seen by a room client), WebcastStateChanged Status 1; a page that does not load refreshed (4) and
// rescheduled (5), PageBlank, then failed; MaxRunningTime ending it with ExceedMaxRunningTime (time scale 20).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startPushWorld, until, type PushWorld } from '../push-cdn/push-harness.js';

type WebCast = { WebCastTask: Record<string, unknown> };

describe('webcasts (time scale 20)', () => {
  let world: PushWorld;
  let pages: Server;
  let base = '';
  const hits: string[] = [];
  before(async () => {
    world = await startPushWorld({
      timeScale: 20,
      events: ['WebcastStarted', 'WebcastStateChanged', 'WebcastStopped'],
    });
    pages = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>live</h1>');
      else res.writeHead(404).end('gone');
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  });
  after(async () => {
    await world.close();
    pages.close();
  });

  const task = (taskId: string) => ({ AppId: world.dev.appId, RoomId: 'cast-room', TaskId: taskId });
  const states = (taskId: string) => world.events('WebcastStateChanged', taskId).map((e) => [e.Status, e.Reason]);

  it('fetches the page and publishes it into the room as its user until stopped', async () => {
    const watcher = await world.member('cast-room', 'watcher');
    assert.equal(
      await world.call('StartWebcast', { ...task('cast'), UserId: 'webcast_1', SourceURL: `${base}/page.html` }),
      'ok',
    );
    await watcher.nextOfType('userJoined', { userId: 'webcast_1' });
    const published = await watcher.nextOfType('streamPublished', { userId: 'webcast_1' });
    assert.equal(published.video, true);
    assert.ok(hits.includes('/page.html'), 'the page was fetched');
    await until(() => states('cast').length === 1, 'Status 1');
    assert.deepEqual(states('cast'), [[1, '']]);
    const running = ((await world.call('GetWebCastTask', task('cast'))) as WebCast).WebCastTask;
    assert.deepEqual([running.Status, running.UserId, running.SourceURL], [2, 'webcast_1', `${base}/page.html`]);

    await world.call('StopWebcast', task('cast'));
    await watcher.nextOfType('userLeft', { userId: 'webcast_1' });
    assert.equal((await world.receiver.next('WebcastStopped', 'cast')).StopReason, 'StopByAPI');
    const ended = ((await world.call('GetWebCastTask', task('cast'))) as WebCast).WebCastTask;
    assert.deepEqual([ended.Status, ended.StopReason], [3, 'StopByAPI']);
  });

  it('refreshes, reschedules, then fails a page that does not load', async () => {
    await world.call('StartWebcast', { ...task('blank'), UserId: 'webcast_2', SourceURL: `${base}/missing.html` });
    const stopped = await world.receiver.next('WebcastStopped', 'blank');
    assert.equal(stopped.Code, 1);
    assert.match(String(stopped.ErrorMessage), /HTTP 404/);
    assert.deepEqual(states('blank'), [
      [4, 'PageBlank'],
      [5, 'PageBlank'],
    ]);
    const failed = ((await world.call('GetWebCastTask', task('blank'))) as WebCast).WebCastTask;
    assert.deepEqual([failed.Status, failed.StopReason], [4, 'StartTaskFailed']);
  });

  it('ends at MaxRunningTime with ExceedMaxRunningTime, and refuses a page that is not http(s)', async () => {
    await world.call('StartWebcast', {
      ...task('short'),
      UserId: 'webcast_3',
      SourceURL: `${base}/page.html`,
      MaxRunningTime: 20,
    });
    assert.equal((await world.receiver.next('WebcastStopped', 'short')).StopReason, 'ExceedMaxRunningTime');
    await assert.rejects(
      world.call('StartWebcast', { ...task('bad'), UserId: 'webcast_4', SourceURL: 'file:///etc/passwd' }),
      (e: { code?: string; message?: string }) => e.code === 'InvalidParameter' && /SourceURL/.test(e.message ?? ''),
    );
  });
});
