// The console API's voice routes on the whole server (real sockets, real rooms, a real agent): speaking as the target
// user from its own room client's seat and through the console's stand-in, the live transcript as server-sent events,
// the task's timeline; a CDN push's state route and the requests of the last hour; bad input naming its field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessToken, RtcClient } from '@rtc-openapi/client';
import { RoomClient } from '@rtc-openapi/room-client';
import { WebSocket } from 'ws';
import { consoleCookie } from './console-cookie.js';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';

const TOKEN = 'voice-http-admin-token-19be';

/** Reads a server-sent event stream: its events as they come, by name and parsed data. */
async function openStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const events: { name: string; data: unknown }[] = [];
  if (res.status === 200) {
    void (async () => {
      let buffer = '';
      const decoder = new TextDecoder();
      const reader = res.body!.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (name && data) events.push({ name, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { res, events, close: () => abort.abort() };
}

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the console API: voice agents, push state, requests', () => {
  let running: RunningServer;
  let client: RtcClient;
  let cookie: string;
  const rooms: RoomClient[] = [];
  before(async () => {
    running = await startServer({ dev: true, adminToken: TOKEN, timeScale: 4 });
    const dev = running.server.devCredentials!;
    client = new RtcClient({
      endpoint: running.url,
      accessKeyId: dev.accessKeyId,
      secretAccessKey: dev.secretAccessKey,
      retry: false,
      throttle: false,
    });
    cookie = await consoleCookie(running.url, TOKEN);
  });
  after(async () => {
    for (const r of rooms) r.close();
    await client.close();
    await running.close();
    running.removeData();
  });

  const headers = () => ({ cookie, 'sec-fetch-site': 'same-origin' });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each answer is checked field by field
  const consoleApi = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const res = await fetch(`${running.url}/console/api${path}`, {
      method,
      headers: { ...headers(), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  };
  const joinAs = async (roomId: string, userId: string) => {
    const dev = running.server.devCredentials!;
    const token = new AccessToken({ appId: dev.appId, roomId, userId, expireAt: 0 });
    token.addPrivilege('PublishStream');
    token.addPrivilege('SubscribeStream');
    const room = new RoomClient({ url: `${running.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
    await room.join({ appId: dev.appId, roomId, userId, token: token.serialize(dev.appKey) });
    rooms.push(room);
    return room;
  };

  it('speaks as the target user from its own seat, then through a stand-in; the transcript streams live', async () => {
    const dev = running.server.devCredentials!;
    const key = { appId: dev.appId, roomId: 'talk-room', taskId: 'talk-1' };
    const tess = await joinAs(key.roomId, 'tess');
    await client.call('StartVoiceChat', {
      AppId: key.appId,
      RoomId: key.roomId,
      TaskId: key.taskId,
      Config: {
        ASRConfig: { Provider: 'volcano', ProviderParams: { Mode: 'smallmodel' } },
        TTSConfig: { Provider: 'volcano', ProviderParams: { audio: { voice_type: 'BV001_streaming' } } },
        LLMConfig: { Mode: 'ArkV3', EndPointId: 'ep-http', SystemMessages: ['Be brief.'] },
      },
      AgentConfig: { TargetUserId: ['tess'], UserId: 'bot' },
    });
    const query = new URLSearchParams(key).toString();
    const stream = await openStream(`${running.url}/console/api/voice/transcript?${query}`, headers());
    assert.equal(stream.res.status, 200);
    assert.equal(stream.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    await until(() => stream.events.some((e) => e.name === 'transcript'), 'the transcript so far');

    // tess is in the room with her own client: the console's words go from her member, as her client's would.
    const spoken = await consoleApi('POST', '/voice/speak', { ...key, text: 'good morning' });
    assert.deepEqual([spoken.status, spoken.json], [200, { userId: 'tess', standIn: false }]);
    const said = (text: string, userId: string) =>
      stream.events.some((e) => {
        const d = e.data as { kind?: string; userId?: string; text?: string; definite?: boolean };
        return e.name === 'entry' && d.kind === 'subtitle' && d.userId === userId && d.text === text && d.definite;
      });
    await until(() => said('good morning', 'tess'), "tess's words in the transcript");
    await until(() => said('You said: good morning', 'bot'), "the agent's answer in the transcript");

    // Without tess in the room, the console joins a stand-in for her (device `console`) and speaks through it.
    await tess.leave();
    const through = await consoleApi('POST', '/voice/speak', { ...key, text: 'are you there' });
    assert.deepEqual([through.status, through.json], [200, { userId: 'tess', standIn: true }]);
    await until(() => said('You said: are you there', 'bot'), 'the answer to the stand-in');
    const listed = await consoleApi('GET', '/voice/tasks');
    assert.equal(listed.json.tasks[0].standIn, true);
    assert.deepEqual((await consoleApi('POST', '/voice/leave', key)).json, { left: true });
    assert.deepEqual((await consoleApi('POST', '/voice/leave', key)).json, { left: false });

    await client.call('StopVoiceChat', { AppId: key.appId, RoomId: key.roomId, TaskId: key.taskId });
    await until(() => stream.events.some((e) => e.name === 'ended'), 'the end of the transcript');
    stream.close();
    const timeline = await consoleApi('GET', `/voice/timeline?${query}`);
    const stages = (timeline.json.timeline as { name: string; detail: string }[]).map((e) => e.name);
    assert.equal(stages[0], 'taskStart');
    assert.equal(stages.at(-1), 'taskStop');
    assert.ok(stages.includes('thinking') && stages.includes('speaking'), stages.join(' '));
    assert.match(timeline.json.timeline.at(-1).detail, /StopByAPI/);
    // Each stage told over the stream came with its timeline line: the stored timeline's last lines, in order.
    type Line = { at: string; entry: string; name: string; detail: string; eventId?: string };
    const bare = ({ at, entry, name, detail, eventId }: Line) => ({ at, entry, name, detail, eventId });
    const streamed = stream.events.filter((e) => e.name === 'timeline').map((e) => bare(e.data as Line));
    const staged = stream.events.filter((e) => e.name === 'entry' && (e.data as { kind: string }).kind === 'stage');
    assert.ok(streamed.length >= 4, `${streamed.length} timeline lines streamed`);
    assert.equal(streamed.length, staged.length, 'a timeline line per stage');
    assert.deepEqual(streamed, (timeline.json.timeline as Line[]).slice(-streamed.length).map(bare));
    // Not running any more: nothing to speak to.
    const late = await consoleApi('POST', '/voice/speak', { ...key, text: 'hello?' });
    assert.deepEqual([late.status, late.json.error.field], [404, 'taskId']);
  });

  it('refuses bad input naming the field, and a transcript it does not keep', async () => {
    const dev = running.server.devCredentials!;
    const key = { appId: dev.appId, roomId: 'nowhere', taskId: 'none' };
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/voice/speak', { ...key, text: 'hi' }, 404, 'taskId'],
      ['POST', '/voice/speak', { appId: dev.appId, taskId: 'x', text: 'hi' }, 400, 'roomId'],
      ['GET', `/voice/timeline?appId=${dev.appId}&taskId=x`, undefined, 400, 'roomId'],
      ['GET', `/voice/timeline?${new URLSearchParams(key)}`, undefined, 404, 'taskId'],
      ['GET', `/voice/transcript?${new URLSearchParams(key)}`, undefined, 404, 'taskId'],
      ['GET', '/voice/tasks?limit=x', undefined, 400, 'limit'],
      ['GET', `/tasks/push?roomId=r&taskId=t`, undefined, 400, 'appId'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const answer = await consoleApi(method, path, body);
      assert.equal(answer.status, status, `${method} ${path}`);
      assert.equal(answer.json.error.field, field, `${method} ${path}`);
    }
    const push = await consoleApi('GET', `/tasks/push?${new URLSearchParams(key)}`);
    assert.deepEqual(push.json, { running: false });
  });

  it('counts the requests of the last hour by action and code, the current minute last', async () => {
    const before = await consoleApi('GET', '/metrics/requests');
    const countOf = (recent: typeof before.json, action: string, code: string): number =>
      (recent.series as { action: string; code: string; counts: number[] }[])
        .filter((s) => s.action === action && s.code === code)
        .reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
    for (let i = 0; i < 3; i++) await client.call('ListApps', {});
    const after = await consoleApi('GET', '/metrics/requests');
    assert.equal(after.json.minutes.length, 60);
    assert.ok(after.json.minutes.at(-1) <= Date.now() && Date.now() - after.json.minutes.at(-1) < 60_000);
    assert.equal(countOf(after.json, 'ListApps', 'OK') - countOf(before.json, 'ListApps', 'OK'), 3);
  });
});
