// The console's HTTP side on the whole server (real sockets, real SQLite): login, session cookie, same-origin
// checks, the admin operations through the console API, the explorer's signed call, the built files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';
import { ensureConsoleBuilt } from './console-build.js';

const TOKEN = 'console-test-admin-token-7f3a';

describe('web console over HTTP', () => {
  let running: RunningServer;
  let origin: string;
  before(async () => {
    ensureConsoleBuilt();
    running = await startServer({ dev: true, adminToken: TOKEN });
    origin = running.url;
  });
  after(async () => {
    await running.close();
    running.removeData();
  });

  const logIn = async (token: string) =>
    fetch(`${origin}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
  const sameOrigin = (cookie: string, extra: Record<string, string> = {}) => ({
    cookie,
    'sec-fetch-site': 'same-origin',
    ...extra,
  });

  it('answers the login page, and nothing else, without a session', async () => {
    for (const path of ['/console', '/console/', '/console/assets/anything.js', '/console/index.html']) {
      const res = await fetch(`${origin}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 401, path);
      const html = await res.text();
      assert.match(html, /<form method="post" action="\/console\/login"/);
      assert.doesNotMatch(html, /<script/);
    }
    const api = await fetch(`${origin}/console/api/admin/accounts`, { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(api.status, 401);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'Unauthorized');
  });

  it('refuses a wrong or missing token with the login page and no cookie', async () => {
    for (const token of ['wrong-token', '']) {
      const res = await logIn(token);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('set-cookie'), null);
      const html = await res.text();
      assert.match(html, /admin token/i);
      assert.ok(!html.includes(TOKEN));
    }
  });

  it('exchanges the token for an HttpOnly, SameSite=Strict session cookie and serves the console with it', async () => {
    const res = await logIn(TOKEN);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/console/');
    const setCookie = res.headers.get('set-cookie')!;
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\/console/);
    assert.ok(!setCookie.includes(TOKEN), 'the cookie is a session id, not the token');
    const cookie = cookieOf(res);
    const page = await fetch(`${origin}/console/`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'private, no-cache');
    assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
    const html = await page.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'index.html names its script');
    const js = await fetch(`${origin}${script}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'private, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-encoding'), 'gzip');
    const etag = js.headers.get('etag')!;
    await js.arrayBuffer();
    const again = await fetch(`${origin}${script}`, { headers: { cookie, 'if-none-match': etag } });
    assert.equal(again.status, 304);
    const css = /href="(\/console\/assets\/[^"]+\.css)"/.exec(html)![1]!;
    assert.equal(
      (await fetch(`${origin}${css}`, { headers: { cookie } })).headers.get('content-type'),
      'text/css; charset=utf-8',
    );
    assert.equal((await fetch(`${origin}/console/assets/none.js`, { headers: { cookie } })).status, 404);
  });

  it('refuses cross-site requests to its API even with the session cookie', async () => {
    const cookie = cookieOf(await logIn(TOKEN));
    const crossSite = await fetch(`${origin}/console/api/admin/accounts`, {
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403);
    assert.equal(((await crossSite.json()) as { error: { code: string } }).error.code, 'CrossSiteRequest');
    const foreignOrigin = await fetch(`${origin}/console/api/admin/accounts`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.invalid', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'forged' }),
    });
    assert.equal(foreignOrigin.status, 403);
    // A write that says nothing of where it comes from is refused too (every browser says it).
    const anonymous = await fetch(`${origin}/console/api/admin/accounts`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'forged' }),
    });
    assert.equal(anonymous.status, 403);
    const list = (await (
      await fetch(`${origin}/console/api/admin/accounts`, { headers: sameOrigin(cookie) })
    ).json()) as { items: { name: string }[] };
    assert.ok(!list.items.some((a) => a.name === 'forged'), 'no forged account was made');
    // A login from another site is refused as well (login CSRF).
    const forgedLogin = await fetch(`${origin}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'http://evil.invalid', 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
    });
    assert.equal(forgedLogin.status, 403);
    assert.equal(forgedLogin.headers.get('set-cookie'), null);
  });

  it('serves the admin operations under /console/api/admin/ and ends the session at logout', async () => {
    const cookie = cookieOf(await logIn(TOKEN));
    const made = await fetch(`${origin}/console/api/admin/accounts`, {
      method: 'POST',
      headers: sameOrigin(cookie, { origin, 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'console-made' }),
    });
    assert.equal(made.status, 201);
    const account = (await made.json()) as { accountId: string };
    const bad = await fetch(`${origin}/console/api/admin/accounts/${account.accountId}/apps`, {
      method: 'POST',
      headers: sameOrigin(cookie, { origin, 'content-type': 'application/json' }),
      body: JSON.stringify({}),
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'name');
    const out = await fetch(`${origin}/console/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin },
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie')!, /Max-Age=0/);
    const after = await fetch(`${origin}/console/api/admin/accounts`, { headers: sameOrigin(cookie) });
    assert.equal(after.status, 401);
  });

  it('sends the explorer call signed with the chosen key, and answers the envelope and the CLI command', async () => {
    const cookie = cookieOf(await logIn(TOKEN));
    const dev = running.server.devCredentials!;
    const call = async (body: unknown) =>
      fetch(`${origin}/console/api/call`, {
        method: 'POST',
        headers: sameOrigin(cookie, { origin, 'content-type': 'application/json' }),
        body: JSON.stringify(body),
      });
    const res = await call({ accessKeyId: dev.accessKeyId, action: 'ListApps', version: '2023-11-01', params: {} });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as {
      httpStatus: number;
      envelope: { ResponseMetadata: { Action: string }; Result: { AppList: { AppId: string }[] } };
      command: string;
    };
    assert.equal(answer.httpStatus, 200);
    assert.equal(answer.envelope.ResponseMetadata.Action, 'ListApps');
    assert.ok(answer.envelope.Result.AppList.some((a) => a.AppId === dev.appId));
    assert.match(
      answer.command,
      /^rtc-openapi call ListApps --version 2023-11-01 --endpoint http:\/\/127\.0\.0\.1:\d+ /,
    );
    assert.ok(!JSON.stringify(answer).includes(dev.secretAccessKey), 'the secret never reaches the browser');
    // A schema failure comes back as the server's own envelope.
    const invalid = (await (
      await call({
        accessKeyId: dev.accessKeyId,
        action: 'GetRoomOnlineUsers',
        version: '2023-11-01',
        params: { AppId: dev.appId },
      })
    ).json()) as { httpStatus: number; envelope: { ResponseMetadata: { Error: { Code: string } } } };
    assert.equal(invalid.httpStatus, 400);
    assert.equal(invalid.envelope.ResponseMetadata.Error.Code, 'MissingParameter');
    const unknownKey = await call({ accessKeyId: 'AKLTnope', action: 'ListApps', version: '2023-11-01' });
    assert.equal(unknownKey.status, 400);
    assert.equal(((await unknownKey.json()) as { error: { field: string } }).error.field, 'accessKeyId');
    assert.ok(!running.logText().includes(TOKEN), 'the admin token is not in the log');
    assert.ok(!running.logText().includes(dev.secretAccessKey), 'the secret is not in the log');
  });

  it('serves stored task files with HTTP range requests, inside the storage folder only', async () => {
    const cookie = cookieOf(await logIn(TOKEN));
    const body = randomBytes(1000);
    mkdirSync(join(running.dataDir, 'storage', 'play-bucket', 'rec'), { recursive: true });
    writeFileSync(join(running.dataDir, 'storage', 'play-bucket', 'rec', 'file one.mp4'), body);
    const url = `${origin}/console/api/files/play-bucket/rec/file%20one.mp4`;
    const get = (range?: string, path = url) =>
      fetch(path, { headers: sameOrigin(cookie, range === undefined ? {} : { range }) });
    const whole = await get();
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'video/mp4');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), body);
    const part = await get('bytes=10-19');
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 10-19/1000');
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), body.subarray(10, 20));
    const open = await get('bytes=990-');
    assert.equal(open.headers.get('content-range'), 'bytes 990-999/1000');
    assert.deepEqual(Buffer.from(await open.arrayBuffer()), body.subarray(990));
    const suffix = await get('bytes=-5');
    assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), body.subarray(995));
    const beyond = await get('bytes=1000-');
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), 'bytes */1000');
    await beyond.arrayBuffer();
    const missing = await get(undefined, `${origin}/console/api/files/play-bucket/rec/none.mp4`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
    const escape = await get(undefined, `${origin}/console/api/files/play-bucket/rec/%2E%2E/%2E%2E/x`);
    assert.equal(escape.status, 400);
    assert.equal(((await escape.json()) as { error: { field: string } }).error.field, 'key');
    const signedOut = await fetch(url, { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(signedOut.status, 401);
  });
});
