// The console's stored files when the tasks store in an S3-compatible server (`--storage-endpoint`, here s3rver): a
// snapshot task's images, stored in S3, served through the console's files route from the tasks' object store with
// HTTP ranges (206, suffix ranges, 416, HEAD) and shown on the tasks page in Chromium, a missing key 404 naming the field, a bad key 400, and storage that
// is gone answered 502 StorageUnavailable, all without the storage secret on the wire or in the log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessToken, type RtcClient } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import { WebSocket } from 'ws';
import { startDevSession, type DevSession, type RunningServer } from '../e2e/e2e-server.js';
import { browserSkipReason, launchBrowser, signIn } from './console-browser.js';
import { ensureConsoleBuilt } from './console-build.js';
import { consoleCookie } from './console-cookie.js';
import { S3_ACCESS_KEY, startS3Server, type S3TestServer } from '../storage/s3-test-server.js';

const TOKEN = 's3-files-admin-token-81c2e';
// s3rver checks the access key id, not the signature: any secret signs, so this one can be looked for.
const SECRET = 's3-files-storage-secret-0a77';
const BUCKET = 'console-s3';

describe('the console serves files stored in S3 through the server, with ranges', () => {
  let s3: S3TestServer;
  let session: DevSession;
  let running: RunningServer;
  let client: RtcClient;
  let cookie: string;
  let member: RoomClient | undefined;
  let key: string;
  let stored: Buffer;

  const files = (path: string, init: RequestInit = {}) =>
    fetch(`${running.url}/console/api/files/${path}`, {
      ...init,
      headers: { cookie, 'sec-fetch-site': 'same-origin', ...(init.headers as Record<string, string>) },
    });

  before(async () => {
    s3 = await startS3Server([BUCKET]);
    session = await startDevSession({
      adminToken: TOKEN,
      timeScale: 4,
      taskStorage: { s3: { endpoint: s3.endpoint, accessKeyId: S3_ACCESS_KEY, secretAccessKey: SECRET } },
    });
    ({ running, client } = session);
    cookie = await consoleCookie(running.url, TOKEN);
  });
  after(async () => {
    member?.close();
    await session?.stop();
    await s3?.close();
  });

  it("stores a snapshot task's images in S3 and serves one whole and by ranges", async () => {
    const dev = running.server.devCredentials!;
    const token = new AccessToken({ appId: dev.appId, roomId: 's3-room', userId: 'cam', expireAt: 0 });
    token.addPrivilege('PublishStream');
    member = new RoomClient({ url: `${running.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
    await member.join({ appId: dev.appId, roomId: 's3-room', userId: 'cam', token: token.serialize(dev.appKey) });
    await member.publish('main', { audio: false, video: true, videoHeight: 360 });
    const task = { AppId: dev.appId, RoomId: 's3-room', TaskId: 's3-snap' };
    await client.call('StartSnapshot', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: BUCKET } },
      ImageConfig: { Format: 0, Width: 320, Interval: 1 },
    });
    const admin = { authorization: `Bearer ${TOKEN}` };
    const deadline = Date.now() + 30_000;
    let listed: { ObjectKey?: string }[] = [];
    while (listed.length === 0) {
      assert.ok(Date.now() < deadline, 'no snapshot stored within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { tasks } = (await (await fetch(`${running.url}/admin/tasks`, { headers: admin })).json()) as {
        tasks: { taskId: string; bucket?: string; files: { ObjectKey?: string }[] }[];
      };
      const snap = tasks.find((t) => t.taskId === 's3-snap');
      if (snap) assert.equal(snap.bucket, BUCKET, 'the task names its bucket');
      listed = snap?.files ?? [];
    }
    await client.call('StopSnapshot', task);
    key = listed[0]!.ObjectKey!;
    assert.ok((await s3.keys(BUCKET)).includes(key), 'the image is in S3, not in the data directory');
    stored = await s3.get(BUCKET, key);
    assert.ok(stored.length > 100);

    const whole = await files(`${BUCKET}/${key}`);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'image/jpeg');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(stored), 'the same bytes as S3 holds');

    const part = await files(`${BUCKET}/${key}`, { headers: { range: 'bytes=10-99' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 10-99/${stored.length}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(10, 100)));

    const tail = await files(`${BUCKET}/${key}`, { headers: { range: 'bytes=-16' } });
    assert.equal(tail.status, 206);
    assert.ok(Buffer.from(await tail.arrayBuffer()).equals(stored.subarray(-16)));

    const beyond = await files(`${BUCKET}/${key}`, { headers: { range: `bytes=${stored.length}-` } });
    assert.deepEqual([beyond.status, beyond.headers.get('content-range')], [416, `bytes */${stored.length}`]);
    await beyond.body?.cancel();

    const head = await files(`${BUCKET}/${key}`, { method: 'HEAD' });
    assert.deepEqual([head.status, head.headers.get('content-length')], [200, String(stored.length)]);
  });

  it('shows the S3-stored images on the task in the tasks page (Chromium)', { skip: browserSkipReason() }, async () => {
    ensureConsoleBuilt();
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await signIn(page, running.url, TOKEN);
      await page.goto(`${running.url}/console/#/tasks`);
      await page.locator('tr[data-task="s3-snap"]').click();
      await page.waitForFunction(
        () => {
          const img = document.querySelector<HTMLImageElement>('[data-testid=gallery] img');
          return img !== null && img.complete && img.naturalWidth > 0;
        },
        undefined,
        { timeout: 15_000 },
      );
      const first = page.getByTestId('gallery').locator('img').first();
      assert.equal(await first.evaluate((img) => (img as HTMLImageElement).naturalWidth), 320);
    } finally {
      await browser.close();
    }
  });

  it('answers a missing object 404 and a bad key 400, naming the key', async () => {
    const missing = await files(`${BUCKET}/no/such/file.jpg`);
    const body = (await missing.json()) as { error: { code: string; field: string } };
    assert.deepEqual([missing.status, body.error.code, body.error.field], [404, 'NotFound', 'key']);
    const bad = await files(`${BUCKET}/a%5Cb.jpg`);
    const refusal = (await bad.json()) as { error: { code: string; field: string; message: string } };
    assert.deepEqual([bad.status, refusal.error.field], [400, 'key']);
    assert.match(refusal.error.message, /backslash/);
  });

  it('answers 502 StorageUnavailable when the S3 server is gone, without the secret', async () => {
    await s3.close({ keepData: true });
    const gone = await files(`${BUCKET}/${key}`);
    const text = await gone.text();
    assert.equal(gone.status, 502, text);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'StorageUnavailable');
    assert.match(body.error.message, /cannot be reached|no answer/);
    assert.ok(!text.includes(SECRET), 'no secret in the answer');
    assert.ok(!running.logText().includes(SECRET), 'no secret in the log');
    s3 = await startS3Server([BUCKET], { directory: s3.directory, port: s3.port });
  });
});
