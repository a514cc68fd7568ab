// The console's second slice in a real browser (Debian's Chromium through playwright-core) against the whole server:
// a callback delivery read in detail (payload, the receiver's answers, the Signature checked on the server) and
// redelivered to a real receiver; a snapshot task's images and timeline; a voice agent's transcript updating live
// while the page speaks to it as its target user; requests by action and code as a chart; an audio segment played
// from the store; a running CDN push's live state. Screenshots of each page
// (docs/console/ with CONSOLE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccessToken, RtcClient } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import type { Page, Response } from 'playwright-core';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';
import { RtmpReceiver } from '../support/rtmp-receiver.js';
import { ensureConsoleBuilt } from './console-build.js';
import { browserSkipReason, launchBrowser, screenshotDir, signIn, type Browser } from './console-browser.js';

const TOKEN = 'live-pages-admin-token-5d21c';
const CALLBACK_SECRET = 'live-pages-callback-secret';
const WAIT = { timeout: 15_000 };

describe('web console in Chromium: tasks, voice agents, callbacks, requests', { skip: browserSkipReason() }, () => {
  let running: RunningServer;
  let browser: Browser;
  let page: Page;
  let client: RtcClient;
  let shots: string;
  let receiver: Awaited<ReturnType<typeof flakyReceiver>>;
  const members: RoomClient[] = [];
  const urls: string[] = [];
  const sources: string[] = [];

  const shoot = async (name: string) => {
    sources.push(await page.content());
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  const admin = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${running.url}/admin${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return (await res.json()) as T;
  };
  const taskRow = async (taskId: string) => {
    const { tasks } = await admin<{ tasks: { taskId: string; status: number; files: unknown[] }[] }>('/tasks');
    return tasks.find((t) => t.taskId === taskId);
  };
  /** The tasks page, loaded afresh (a hash change alone would keep an older list). */
  const openTasks = async () => {
    await page.goto(`${running.url}/console/#/tasks`);
    await page.reload();
    await page.getByText(/^Tasks \(\d+\)$/).waitFor(WAIT);
  };
  const joinAs = async (roomId: string, userId: string) => {
    const dev = running.server.devCredentials!;
    const token = new AccessToken({ appId: dev.appId, roomId, userId, expireAt: 0 });
    token.addPrivilege('PublishStream');
    token.addPrivilege('SubscribeStream');
    const member = new RoomClient({ url: `${running.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
    await member.join({ appId: dev.appId, roomId, userId, token: token.serialize(dev.appKey) });
    members.push(member);
    return member;
  };

  before(async () => {
    ensureConsoleBuilt();
    shots = screenshotDir();
    // Task time 4x: a snapshot interval of 1 s is 250 ms of wall time; the voice agent speaks 4x faster.
    running = await startServer({ dev: true, adminToken: TOKEN, timeScale: 4 });
    const dev = running.server.devCredentials!;
    client = new RtcClient({
      endpoint: running.url,
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      retry: false,
      throttle: false,
    });
    receiver = await flakyReceiver();
    await client.call('CreateCallback', {
      AppID: dev.appId,
      BusinessId: 'console-live',
      EventList: ['RoomCreate', 'SnapshotRealTimeData', 'VoiceChat'],
      SecretKey: CALLBACK_SECRET,
      URL: receiver.url,
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => urls.push(request.url()));
    await signIn(page, running.url, TOKEN);
  });
  after(async () => {
    for (const m of members) m.close();
    await client?.close();
    await browser?.close();
    await running?.close();
    running?.removeData();
    receiver?.server.close();
  });

  it('reads a delivery: its payload, each answer, the Signature checked; and redelivers it', async () => {
    await joinAs('callback-room', 'ann');
    // The receiver refuses the first post (500) and takes the retry: two attempts to read.
    const deadline = Date.now() + 15_000;
    let deliveryId: number | undefined;
    while (deliveryId === undefined && Date.now() < deadline) {
      const log = await admin<{ deliveries: { deliveryId: number; eventType: string; outcome: string }[] }>(
        '/deliveries?eventType=RoomCreate',
      );
      deliveryId = log.deliveries.find((d) => d.outcome === 'delivered')?.deliveryId;
      if (deliveryId === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(deliveryId !== undefined, 'RoomCreate was delivered');
    await page.goto(`${running.url}/console/#/deliveries`);
    await page.locator(`tr[data-delivery="${deliveryId}"]`).first().click();
    await page.waitForURL(`**/console/#/deliveries/${deliveryId}`, WAIT);
    const payload = page.getByTestId('payload');
    await payload.getByText('"EventType": "RoomCreate"').waitFor(WAIT);
    assert.match((await payload.textContent())!, /"RoomId": "callback-room"/);
    const checks = page.getByTestId('signature');
    await checks.nth(1).waitFor(WAIT);
    assert.deepEqual(await checks.locator('strong').allTextContents(), ['pass', 'pass']);
    assert.deepEqual(await page.getByTestId('answer').allTextContents(), ['receiver: not ready yet', 'ok']);
    await shoot('callback-detail');

    const posted = receiver.bodies.length;
    await page.getByRole('button', { name: 'Redeliver' }).click();
    const made = page.getByTestId('redelivered');
    await made.waitFor(WAIT);
    await until(() => receiver.bodies.length > posted, 'the redelivery at the receiver');
    const again = JSON.parse(receiver.bodies.at(-1)!) as Record<string, string>;
    const first = JSON.parse(receiver.bodies.find((b) => b.includes('"RoomCreate"'))!) as Record<string, string>;
    assert.equal(again.EventId, first.EventId, 'the same event');
    assert.equal(again.Signature, first.Signature, 'signed the same');
    await made.getByRole('link').click();
    await page.getByText('a redelivery of').waitFor(WAIT);
    // The page shows what was true when it loaded: refresh until the worker has posted it.
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).first().click();
      return (await page.locator('p > strong.delivered').count()) === 1;
    }, 'the redelivery shown delivered');
  });

  it('shows a snapshot task: its images from the local store, its timeline with states, files and callbacks', async () => {
    const dev = running.server.devCredentials!;
    const cam = await joinAs('snap-room', 'cam');
    await cam.publish('main', { audio: false, video: true, videoHeight: 360 });
    const task = { AppId: dev.appId, RoomId: 'snap-room', TaskId: 'console-snap' };
    await client.call('StartSnapshot', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'console-snaps' } },
      ImageConfig: { Format: 0, Width: 320, Interval: 1 },
    });
    await until(async () => ((await taskRow('console-snap'))?.files.length ?? 0) >= 3, 'three snapshots');
    await client.call('StopSnapshot', task);
    await until(async () => (await taskRow('console-snap'))?.status === 3, 'the snapshot task to end');

    await page.goto(`${running.url}/console/#/tasks`);
    await page.locator('tr[data-task="console-snap"]').click();
    const image = page.getByTestId('gallery').locator('img').first();
    await image.waitFor(WAIT);
    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid=gallery] img');
        return img !== null && img.complete && img.naturalWidth > 0;
      },
      undefined,
      WAIT,
    );
    assert.equal(await image.evaluate((img) => (img as HTMLImageElement).naturalWidth), 320);
    const timeline = page.getByTestId('timeline');
    const states = await timeline.locator('li[data-entry=state] strong').allTextContents();
    assert.deepEqual(states, ['pending', 'running', 'stopping', 'ended']);
    assert.ok((await timeline.locator('li[data-entry=file]').count()) >= 3, 'a file line per image');
    const callback = timeline.locator('li[data-name=SnapshotRealTimeData]').first();
    await callback.locator('a.delivery').waitFor(WAIT);
    assert.match((await callback.textContent())!, /delivered/);
    await shoot('tasks-snapshot');
  });

  it("shows a voice agent's transcript live and speaks to it as its target user", async () => {
    const dev = running.server.devCredentials!;
    const task = { AppId: dev.appId, RoomId: 'voice-room', TaskId: 'console-agent' };
    await client.call('StartVoiceChat', {
      ...task,
      Config: {
        ASRConfig: { Provider: 'volcano', ProviderParams: { Mode: 'smallmodel' } },
        TTSConfig: { Provider: 'volcano', ProviderParams: { audio: { voice_type: 'BV001_streaming' } } },
        LLMConfig: { Mode: 'ArkV3', EndPointId: 'ep-console', SystemMessages: ['Be brief.'] },
      },
      AgentConfig: { TargetUserId: ['visitor'], UserId: 'helper-bot', WelcomeMessage: 'Hello from the agent.' },
    });
    await page.goto(`${running.url}/console/#/voice`);
    await page.locator('tr[data-task="console-agent"]').click();
    const transcript = page.getByTestId('transcript');
    await transcript.locator('li[data-speaker="helper-bot"]', { hasText: 'Hello from the agent.' }).waitFor(WAIT);

    // From here the page only listens to its event stream: no request but the speak box's POST.
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor(WAIT);
    const linesBefore = await timeline.locator('li[data-name]').count();
    const thinkingBefore = await timeline.locator('li[data-name="thinking"]').count();
    const before = urls.length;
    await page.getByPlaceholder('speak to the agent as visitor').fill('what time is it');
    await page.getByRole('button', { name: 'Say it as visitor' }).click();
    await transcript.locator('li[data-speaker="visitor"]', { hasText: 'what time is it' }).waitFor(WAIT);
    await transcript.locator('li[data-speaker="helper-bot"]', { hasText: 'You said: what time is it' }).waitFor(WAIT);
    // The timeline follows from the same stream (no request, checked below): the new round's stages appear in it,
    // line for line with the transcript's stages, with no Refresh.
    const stagesIn = async (list: typeof transcript, attribute: string) =>
      list.locator(`li[${attribute}]`).evaluateAll((lis, a) => lis.map((li) => li.getAttribute(a)), attribute);
    await until(async () => {
      const [told, lines] = [await stagesIn(transcript, 'data-stage'), await stagesIn(timeline, 'data-name')];
      return lines.length > linesBefore && JSON.stringify(lines) === JSON.stringify(told);
    }, 'the timeline to follow the transcript');
    assert.ok((await timeline.locator('li[data-name="thinking"]').count()) > thinkingBefore, 'a new thinking line');
    const since = urls.slice(before).filter((u) => u.includes('/console/api/'));
    assert.deepEqual(since, [`${running.url}/console/api/voice/speak`], 'the transcript came over the open stream');
    assert.ok((await transcript.locator('li[data-stage="thinking"]').count()) >= 1, 'its stages show too');
    await shoot('voice');

    // The console spoke through a stand-in for `visitor` (nobody was there); the room lists it.
    const online = (await client.call('GetRoomOnlineUsers', { AppId: dev.appId, RoomId: 'voice-room' })) as {
      UserList?: string[];
    };
    assert.ok(JSON.stringify(online).includes('visitor'), JSON.stringify(online));
    await client.call('StopVoiceChat', task);
    await page.locator('.live', { hasText: 'ended' }).waitFor(WAIT);
    await transcript.locator('li[data-stage="taskStop"]').waitFor(WAIT);
    await timeline.locator('li[data-name="taskStop"]').waitFor(WAIT);
  });

  it('charts the requests of the last hour by code and action, from the server’s metrics', async () => {
    // An unsigned call: refused by the gateway, and counted with its action and code.
    const unsigned = await fetch(`${running.url}/?Action=ListApps&Version=2023-11-01`);
    assert.equal(unsigned.ok, false);
    await page.goto(`${running.url}/console/#/requests`);
    const chart = page.getByTestId('chart');
    await chart
      .locator('rect')
      .first()
      .waitFor({ state: 'attached', ...WAIT });
    assert.ok(await page.locator('tr[data-series="StartSnapshot/OK"]').count(), 'StartSnapshot counted');
    const failed = page.locator('tr[data-series^="ListApps/"]:not([data-series="ListApps/OK"])');
    assert.equal(await failed.count(), 1, 'the refused call is counted with its code');
    await page.selectOption('select[name=only]', 'StartVoiceChat');
    const bars = await chart.locator('rect').count();
    assert.equal(bars, 1, 'one StartVoiceChat call, in one minute, with one code');
    await page.selectOption('select[name=only]', '');
    await shoot('requests');
  });

  it('plays an audio segment in the tasks page: the stored MP3 loads through range requests', async () => {
    const dev = running.server.devCredentials!;
    const speaker = await joinAs('seg-room', 'dora');
    await speaker.publish('main', { audio: true, video: false });
    const task = { AppId: dev.appId, RoomId: 'seg-room', TaskId: 'console-seg' };
    // Slices of 2 s of task time: 0.5 s of wall time at 4x.
    await client.call('StartSegment', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'console-segs' } },
      Identifier: 'talk',
      Duration: 2,
    });
    await until(async () => ((await taskRow('console-seg'))?.files.length ?? 0) >= 2, 'two stored slices');
    await client.call('StopSegment', task);
    await until(async () => (await taskRow('console-seg'))?.status === 3, 'the segment task to end');

    const ranges: number[] = [];
    const onResponse = (r: Response) => {
      if (r.url().includes('/console/api/files/console-segs/')) ranges.push(r.status());
    };
    page.on('response', onResponse);
    try {
      await openTasks();
      await page.locator('tr[data-task="console-seg"]').click();
      const audio = page.locator('audio[data-key]').first();
      await audio.waitFor(WAIT);
      assert.match((await audio.getAttribute('data-key'))!, /(^|\/)talk_dora_\d+_\d+\.mp3$/);
      await page.waitForFunction(
        () => (document.querySelector<HTMLAudioElement>('audio[data-key]')?.readyState ?? 0) >= 1,
        undefined,
        WAIT,
      );
      const duration = await audio.evaluate((a) => (a as HTMLAudioElement).duration);
      assert.ok(Number.isFinite(duration) && duration > 0, `the slice plays ${duration} s`);
      assert.ok(ranges.includes(206), `the player's range request was answered 206 (${ranges.join(', ')})`);
    } finally {
      page.off('response', onResponse);
    }
  });

  it("shows a running CDN push's state in its task detail, and its end", async () => {
    const dev = running.server.devCredentials!;
    const rtmp = new RtmpReceiver();
    await rtmp.start();
    try {
      const cam = await joinAs('push-room', 'eve');
      await cam.publish('main', { audio: true, video: true, videoHeight: 360 });
      const task = { AppId: dev.appId, RoomId: 'push-room', TaskId: 'console-push' };
      await client.call('StartPushMixedStreamToCDN', {
        ...task,
        PushURL: rtmp.url('console-push'),
        Encode: { VideoWidth: 320, VideoHeight: 180, VideoFps: 15 },
      });
      await until(() => rtmp.live('console-push'), 'the RTMP receiver to get the stream');

      await openTasks();
      await page.locator('tr[data-task="console-push"]').click();
      const state = page.getByTestId('push-state');
      // The detail refreshes itself while the task runs: PushStreamState 5 and the frames sent so far.
      await state.getByText('(Pushing)').waitFor(WAIT);
      assert.equal(await state.locator('strong').textContent(), '5');
      await until(async () => {
        const frames = /(\d+) video frames sent/.exec((await state.textContent()) ?? '');
        return frames !== null && Number(frames[1]) > 0;
      }, 'frames sent shown');
      assert.ok(rtmp.videoFrames('console-push') > 0, 'the receiver really got video');
      await shoot('tasks-push');

      await client.call('StopPushStreamToCDN', task);
      await page.getByText('The push is not running').waitFor(WAIT);
      assert.equal(rtmp.live('console-push'), false, 'the receiver saw the publisher leave');
    } finally {
      await rtmp.close();
    }
  });

  it('keeps the admin token, the callback secret and the access key secret out of pages, URLs and the log', async () => {
    const log = running.logText();
    for (const secret of [TOKEN, CALLBACK_SECRET, running.server.devCredentials!.secretAccessKey]) {
      assert.ok(!urls.some((u) => u.includes(secret)), 'not in a URL');
      assert.ok(!sources.some((s) => s.includes(secret)), 'not in a page source');
      assert.ok(!log.includes(secret), 'not in the log');
    }
  });
});

/** A callback receiver that answers the first post 500 with a message and every later one 200 "ok". */
async function flakyReceiver() {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (bodies.length === 1) res.writeHead(500).end('receiver: not ready yet');
      else res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, bodies, server };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
