// The operator's fetch policy through the whole server: with `fetchAllow: 'none'` (public addresses only) every
// place that reaches a caller-given URL refuses this machine's servers, says why in its documented place, and never
// sends them a byte: a document to transcode, a web recording's page, a whiteboard recording's page, a callback
// receiver, a CDN push. (The default, loopback and private networks allowed, is what every other end-to-end test runs with.)
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startDevSession, type DevSession } from '../e2e/e2e-server.js';
import { joinRoom } from '../providers/recording/recording-harness.js';

const TOKEN = 'fetch-allow-admin-token-0123456789';

describe('fetch policy, public addresses only, signed end to end', () => {
  let s: DevSession;
  let local: Server;
  let base = '';
  const hits: string[] = [];

  before(async () => {
    local = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('<title>local</title>');
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
    s = await startDevSession({ fetchAllow: 'none', adminToken: TOKEN, logLevel: 'silent', timeScale: 10 });
  });
  after(async () => {
    await s?.stop();
    await new Promise<void>((resolve) => local.close(() => resolve()));
  });

  const call = (action: string, params: Record<string, unknown>, version = '2023-11-01') =>
    (s.client.call as (a: string, p: unknown, o: unknown) => Promise<unknown>)(action, params, { version });
  const admin = async (path: string) => {
    const response = await fetch(`${s.running.url}/admin${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  };
  async function until<T>(get: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const value = await get();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('timed out');
  }
  const LOOPBACK = /127\.0\.0\.1 is a loopback address, which this server does not fetch from/;

  it('fails a transcode of a document on this machine with DownloadFailed, saying why', async () => {
    const { TaskId } = (await call('WbTranscodeCreate', {
      AppId: s.dev.appId,
      Operator: 'teacher',
      Priority: 0,
      Resource: `${base}/doc.pdf`,
      TranscodeMode: 0,
    })) as { TaskId: string };
    const q = await until(
      () => call('WbTranscodeQuery', { AppId: s.dev.appId, TaskId }) as Promise<Record<string, unknown>>,
      (v) => v.Status === 3,
    );
    assert.equal(q.ErrCode, 'DownloadFailed');
    assert.match(String(q.ErrMsg), LOOPBACK);
  });

  it('fails web and whiteboard recordings of a page on this machine at start (StartTaskFailed)', async () => {
    await call(
      'StartWebRecord',
      { AppId: s.dev.appId, TaskId: 'web-local', InputURL: `${base}/page`, Bucket: 'webrec' },
      '2020-12-01',
    );
    const web = await until(
      () =>
        call('GetWebRecordTask', { AppId: s.dev.appId, TaskId: 'web-local' }, '2020-12-01') as Promise<{
          Message: string;
          EventData: { Status: number };
        }>,
      (t) => t.EventData.Status === 4,
    );
    assert.match(web.Message, LOOPBACK);

    const wb = { AppId: s.dev.appId, RoomId: 'wb-room', TaskId: 'wb-local', UserId: 'rec' };
    assert.equal(await call('StartWBRecord', { ...wb, SourceURL: `${base}/board` }), 'ok');
    const row = await until(
      async () => (await admin(`/tasks?appId=${s.dev.appId}`)).tasks as Record<string, unknown>[],
      (tasks) => tasks.some((t) => t.taskId === 'wb-local' && t.status === 4),
    );
    const failed = row.find((t) => t.taskId === 'wb-local')!;
    assert.equal(failed.stopReason, 'StartTaskFailed');
    assert.match(String(failed.error), LOOPBACK);
    // The default board needs no page: it records.
    assert.equal(await call('StartWBRecord', { ...wb, TaskId: 'wb-board' }), 'ok');
    await until(
      async () => (await admin(`/tasks?appId=${s.dev.appId}`)).tasks as Record<string, unknown>[],
      (tasks) => tasks.some((t) => t.taskId === 'wb-board' && t.status === 2),
    );
    assert.equal(await call('StopWBRecord', { ...wb, TaskId: 'wb-board' }), 'ok');
  });

  it('does not deliver callbacks to a receiver on this machine; the delivery log says why', async () => {
    await call(
      'CreateCallback',
      {
        AppID: s.dev.appId,
        BusinessId: 'local',
        EventList: ['UserJoinRoom'],
        SecretKey: 'fetch-allow-secret',
        URL: `${base}/callbacks`,
      },
      '2020-12-01',
    );
    const member = await joinRoom(s.running.url, s.dev, 'callback-room', 'alice');
    try {
      const log = await until(
        async () => (await admin(`/deliveries?appId=${s.dev.appId}`)).deliveries as Record<string, unknown>[],
        (entries) => entries.some((e) => e.eventType === 'UserJoinRoom'),
      );
      const entry = log.find((e) => e.eventType === 'UserJoinRoom')!;
      assert.equal(entry.httpStatus, undefined);
      assert.match(String(entry.error), LOOPBACK);
    } finally {
      member.ws.terminate();
    }
  });

  it('fails a CDN push to this machine at start, naming the host and never the stream key', async () => {
    const task = { AppId: s.dev.appId, RoomId: 'push-room', TaskId: 'push-local' };
    await call('StartPushMixedStreamToCDN', { ...task, PushURL: 'rtmp://127.0.0.1:1935/live/secret-stream-key' });
    const got = await until(
      async () =>
        ((await call('GetPushMixedStreamToCDNTask', task)) as { PushMixedStreamToCDNTask: Record<string, unknown> })
          .PushMixedStreamToCDNTask,
      (t) => t.Status === 4,
    );
    assert.equal(got.StopReason, 'StartTaskFailed');
    const row = ((await admin(`/tasks?appId=${s.dev.appId}`)).tasks as Record<string, unknown>[]).find(
      (t) => t.taskId === 'push-local',
    )!;
    assert.match(String(row.error), LOOPBACK);
    assert.doesNotMatch(JSON.stringify(row), /secret-stream-key/);
  });

  it('sent nothing to the local server', () => {
    assert.deepEqual(hits, []);
  });
});
