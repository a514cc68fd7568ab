// The console in a real browser (Debian's Chromium through playwright-core) against the whole server: login,
// accounts and keys, apps, live rooms, the explorer, tasks; secrets kept out of pages, URLs and logs; a
// cross-site page refused. Screenshots of each page (docs/console/ with CONSOLE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccessToken, RtcClient } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import type { Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';
import { ensureConsoleBuilt } from './console-build.js';
import { browserSkipReason, launchBrowser, screenshotDir, type Browser } from './console-browser.js';

const TOKEN = 'browser-test-admin-token-41c9e';
const WAIT = { timeout: 10_000 };

describe('web console in Chromium', { skip: browserSkipReason() }, () => {
  let running: RunningServer;
  let browser: Browser;
  let page: Page;
  let shots: string;
  const urls: string[] = [];
  const sources: string[] = [];
  const secretsShown: string[] = [];
  let receiver: { server: Server; url: string } | undefined;

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${running.url}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return (await res.json()) as T;
  };
  const shoot = async (name: string) => {
    sources.push(await page.content());
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  };
  const joinAs = async (roomId: string, userId: string) => {
    const dev = running.server.devCredentials!;
    const token = new AccessToken({ appId: dev.appId, roomId, userId, expireAt: 0 });
    token.addPrivilege('PublishStream');
    token.addPrivilege('SubscribeStream');
    const client = new RoomClient({ url: `${running.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
    await client.join({ appId: dev.appId, roomId, userId, token: token.serialize(dev.appKey) });
    return client;
  };

  before(async () => {
    ensureConsoleBuilt();
    shots = screenshotDir();
    running = await startServer({ dev: true, adminToken: TOKEN });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => urls.push(request.url()));
  });
  after(async () => {
    receiver?.server.close();
    await browser?.close();
    await running?.close();
    running?.removeData();
  });

  it('shows only the login page without a session, and the login page again for a wrong token', async () => {
    const first = await page.goto(`${running.url}/console/`);
    assert.equal(first?.status(), 401);
    assert.equal(await page.title(), 'rtc-openapi console: sign in');
    assert.equal(await page.locator('script').count(), 0, 'no script of the console without a session');
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor(WAIT);
    assert.equal(await page.locator('nav').count(), 0);
    assert.deepEqual(await browser.context.cookies(), []);
    await page.fill('#token', '');
    await shoot('login');
  });

  it('logs in with the token, which becomes an HttpOnly SameSite=Strict session cookie', async () => {
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${running.url}/console/`, WAIT);
    await page.locator('nav >> text=Accounts & keys').waitFor(WAIT);
    const cookies = await browser.context.cookies();
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0]!.httpOnly, true);
    assert.equal(cookies[0]!.sameSite, 'Strict');
    assert.notEqual(cookies[0]!.value, TOKEN);
  });

  it('creates an access key on the accounts page and shows its secret once', async () => {
    const dev = running.server.devCredentials!;
    await page.goto(`${running.url}/console/#/accounts`);
    await page.locator('tbody tr').first().click();
    await page.getByRole('button', { name: 'Create access key' }).click();
    const secret = (await page.getByTestId('once-secret').textContent(WAIT))!;
    secretsShown.push(secret);
    const keys = await admin<{ accessKeys: { accessKeyId: string }[] }>(
      'GET',
      `/users/${(await mainUserOf(dev.accessKeyId))!}/keys`,
    );
    assert.equal(keys.accessKeys.length, 2, 'the key was made');
    assert.match(secret, /^\S{20,}$/);
    await page.screenshot({ path: join(shots, 'accounts.png'), fullPage: true });
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await page.locator('tbody tr').first().click();
    await page.getByRole('button', { name: 'Create access key' }).waitFor(WAIT);
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone after it was shown');
    sources.push(await page.content());
  });

  async function mainUserOf(accessKeyId: string): Promise<string | undefined> {
    return (await admin<{ userId: string }>('GET', `/keys/${accessKeyId}`)).userId;
  }

  it('creates an app', async () => {
    await page.goto(`${running.url}/console/#/apps`);
    await page.getByPlaceholder('new app name').fill('browser-made-app');
    await page.getByRole('button', { name: 'Create app' }).click();
    await page.locator('tr[data-app="browser-made-app"]').waitFor(WAIT);
    const apps = await admin<{ items: { name: string; status: string }[] }>('GET', '/apps');
    assert.ok(apps.items.some((a) => a.name === 'browser-made-app' && a.status === 'enabled'));
    await shoot('apps');
  });

  it('shows a room client join, publish and leave live, and kicks a member from the page', async () => {
    await page.goto(`${running.url}/console/#/rooms`);
    await page.locator('.live.on').waitFor(WAIT);
    const alice = await joinAs('console-room', 'alice');
    const aliceRow = page.locator('tr[data-user="alice"]');
    await aliceRow.waitFor(WAIT);
    await alice.publish('main', { audio: true, video: true, videoHeight: 720 });
    await aliceRow.getByText('main: audio + video 720p').waitFor(WAIT);
    const bob = await joinAs('console-room', 'bob');
    await page.locator('tr[data-user="bob"]').waitFor(WAIT);
    await shoot('rooms');
    await alice.leave();
    await aliceRow.waitFor({ state: 'detached', ...WAIT });
    const kicked = new Promise((resolve) => bob.on('kicked', resolve));
    await page.locator('tr[data-user="bob"]').getByRole('button', { name: 'Kick' }).click();
    await kicked;
    await page.locator('tr[data-user="bob"]').waitFor({ state: 'detached', ...WAIT });
    bob.close();
    // A ban removes the member and keeps the user out of the room.
    const dave = await joinAs('console-room', 'dave');
    const banned = new Promise((resolve) => dave.on('kicked', resolve));
    await page.locator('tr[data-user="dave"]').getByRole('button', { name: 'Ban 10 min' }).click();
    await banned;
    await page.getByText('Nobody is in a room.').waitFor(WAIT);
    dave.close();
    await assert.rejects(joinAs('console-room', 'dave'), 'the banned user cannot join again');
  });

  it('calls an action from the explorer: a form from the catalog, a signed call, the envelope and the command', async () => {
    const dev = running.server.devCredentials!;
    await page.goto(`${running.url}/console/#/explorer`);
    await page.locator('select[name=action] option', { hasText: /^ListApps$/ }).waitFor({ state: 'attached', ...WAIT });
    await page.selectOption('select[name=action]', 'ListApps');
    await page.selectOption('select[name=version]', '2023-11-01');
    await page
      .locator('select[name=key] option')
      .first()
      .waitFor({ state: 'attached', ...WAIT });
    await page.getByRole('button', { name: 'Send signed call' }).click();
    const envelope = page.getByTestId('envelope');
    await envelope.getByText('"Action": "ListApps"', { exact: false }).waitFor(WAIT);
    assert.ok((await envelope.textContent())!.includes(dev.appId));
    const command = (await page.getByTestId('cli-command').textContent())!;
    assert.match(command, /^rtc-openapi call ListApps --version 2023-11-01 --endpoint http:\/\/127\.0\.0\.1:\d+/);
    // Nested objects and enums come from the schema: StartRecord has both.
    await page.selectOption('select[name=action]', 'StartRecord');
    await page.locator('fieldset[data-field="TargetStreams"]').waitFor(WAIT);
    assert.ok((await page.locator('label[data-field="RoomId"] .required').count()) === 1, 'RoomId is marked required');
    await page.selectOption('select[name=action]', 'ListApps');
    await page.getByRole('button', { name: 'Send signed call' }).click();
    await envelope.waitFor(WAIT);
    await shoot('explorer');
  });

  it('plays a recording started and stopped through the API in the tasks page, with range requests', async () => {
    const dev = running.server.devCredentials!;
    const client = new RtcClient({
      endpoint: running.url,
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      retry: false,
      throttle: false,
    });
    const task = { AppId: dev.appId, RoomId: 'rec-room', TaskId: 'console-rec' };
    receiver = await servePage('ok');
    await client.call('CreateCallback', {
      AppID: dev.appId,
      BusinessId: 'console',
      EventList: ['RecordStarted', 'RecordStopped'],
      SecretKey: 'console-callback-secret',
      URL: `${receiver.url}callback`,
    });
    const carol = await joinAs(task.RoomId, 'carol');
    await carol.publish('main', { audio: true, video: true, videoHeight: 360 });
    await client.call('StartRecord', {
      ...task,
      StorageConfig: { Type: 0, TosConfig: { AccountId: '2100000001', Bucket: 'console-bucket' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await client.call('StopRecord', task);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { RecordTask } = (await client.call('GetRecordTask', task)) as { RecordTask: { Status: number } };
      if (RecordTask.Status === 3) break;
      assert.ok(RecordTask.Status !== 4 && Date.now() < deadline, `the recording did not end: ${RecordTask.Status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    carol.close();
    await client.close();
    const ranges: number[] = [];
    page.on('response', (r) => r.url().includes('/console/api/files/') && ranges.push(r.status()));
    await page.goto(`${running.url}/console/#/tasks`);
    await page.getByText('Tasks (1)').waitFor(WAIT);
    await page
      .locator('a', { hasText: /\.mp4$/ })
      .first()
      .click();
    const video = page.getByTestId('player');
    await video.waitFor(WAIT);
    await page.waitForFunction("document.querySelector('[data-testid=player]').readyState >= 1", undefined, {
      timeout: 20_000,
    });
    const duration = await video.evaluate((v) => (v as HTMLVideoElement).duration);
    assert.ok(duration > 1 && duration < 10, `the recording plays ${duration} s`);
    assert.ok(ranges.includes(206), `the player's range request was answered 206 (${ranges.join(', ')})`);
    await shoot('tasks');
  });

  it('reads the callback deliveries of the recording on the callbacks page', async () => {
    await page.goto(`${running.url}/console/#/deliveries`);
    const started = page.locator('tr', { hasText: 'RecordStarted' });
    await started.getByText('delivered').waitFor(WAIT);
    assert.match((await started.textContent())!, /200/);
    await page.locator('tr', { hasText: 'RecordStopped' }).getByText('delivered').waitFor(WAIT);
    await shoot('callbacks');
    receiver?.server.close();
  });

  it('refuses a request from a page of another origin, even on the same site', async () => {
    // A form that posts itself to the console's API: the classic cross-site request, here from another port of
    // the same host (same site, so SameSite alone would let the cookie go; the Origin check refuses it).
    const target = `${running.url}/console/api/admin/accounts`;
    const evil = await servePage(
      `<form method="post" enctype="text/plain" action="${target}">` +
        `<input name='{"name":"forged-by-page","x":"' value='"}'></form><script>document.forms[0].submit()</script>`,
    );
    try {
      const refused = page.waitForResponse((r) => r.url().endsWith('/console/api/admin/accounts'), WAIT);
      await page.goto(evil.url);
      const answer = await refused;
      assert.equal(answer.status(), 403);
      assert.match(await answer.text(), /CrossSiteRequest/);
    } finally {
      evil.server.close();
    }
    const accounts = await admin<{ items: { name: string }[] }>('GET', '/accounts');
    assert.ok(!accounts.items.some((a) => a.name === 'forged-by-page'));
  });

  it('keeps the admin token and secrets out of page sources, URLs and the log', async () => {
    const dev = running.server.devCredentials!;
    const log = running.logText();
    assert.ok(urls.length > 10 && sources.length >= 5);
    for (const secret of [TOKEN, dev.secretAccessKey, ...secretsShown]) {
      assert.ok(!urls.some((u) => u.includes(secret)), 'not in a URL');
      assert.ok(!sources.some((s) => s.includes(secret)), 'not in a page source');
      assert.ok(!log.includes(secret), 'not in the log');
    }
  });
});

async function servePage(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><body>${html}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
