// A failing, slow or garbled LLM gives its documented code in conv, the VoiceChat event and the task, never a hang;
// the agent goes on listening and the next turn works.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sleep, streamText } from './fake-llm.js';
import { startParams, startVoiceWorld, until, type VoiceWorld } from './voice-harness.js';

describe('voice agent: LLM failures', () => {
  let w: VoiceWorld;
  let n = 0;
  before(async () => {
    w = await startVoiceWorld({ logLevel: 'debug' });
  });
  after(async () => {
    // Every failure was logged (debug), and no log line carries the LLM's APIKey or its bearer header.
    const log = w.running.logText();
    assert.match(log, /voice agent error/);
    assert.doesNotMatch(log, /sk-test-secret/);
    await w.close();
  });

  /** Starts an agent against `url`, runs one turn, and returns the error code the turn reported (conv and event). */
  async function failingTurn(url: string): Promise<{ code: number; reason: string; ms: number }> {
    const room = `f${++n}`;
    const task = `task-${n}`;
    const human = await w.join(room, 'human');
    await w.client.call(
      'StartVoiceChat',
      startParams(w.dev.appId, room, task, url, { AgentConfig: { EnableConversationStateCallback: true } }),
    );
    await until(() => human.stages().includes('0:1'), 'listening');
    const t0 = Date.now();
    await w.client.call('UpdateVoiceChat', {
      AppId: w.dev.appId,
      RoomId: room,
      TaskId: task,
      Command: 'ExternalTextToLLM',
      Message: 'hello',
      InterruptMode: 1,
    });
    const conv = await until(() => human.frames.find((f) => f.magic === 'conv' && f.payload.ErrorInfo), 'conv error');
    const ms = Date.now() - t0;
    assert.equal(conv.payload.Stage!.Code, 5);
    await until(() => human.stages().at(-1) === '0:1', 'listening after the error');
    const event = await until(() => w.voiceEvents(task).find((e) => e.EventType === 1), 'VoiceChat error');
    const info = event.ErrorInfo as { Errorcode: number; Reason: string };
    assert.equal(info.Errorcode, conv.payload.ErrorInfo!.Errorcode);
    assert.equal(event.RunStage, 'llm');
    assert.doesNotMatch(info.Reason, /sk-test-secret/);
    // Still alive: a good turn works.
    const saved = w.llm.handler;
    w.llm.handler = (_req, res) => streamText(res, ['Recovered.']);
    if (url === w.llm.url) {
      await w.client.call('UpdateVoiceChat', {
        AppId: w.dev.appId,
        RoomId: room,
        TaskId: task,
        Command: 'ExternalTextToLLM',
        Message: 'again',
        InterruptMode: 1,
      });
      await until(() => human.subtitles('bot').some((l) => l.text === 'Recovered.'), 'the next turn');
    }
    w.llm.handler = saved;
    return { code: info.Errorcode, reason: info.Reason, ms };
  }

  it('HTTP 500: 1004002', async () => {
    w.llm.handler = (_req, res) => {
      res.statusCode = 500;
      res.end('{"error":"boom"}');
    };
    const r = await failingTurn(w.llm.url);
    assert.equal(r.code, 1004002);
    assert.match(r.reason, /HTTP 500/);
  });

  it('no first response within the (time-scaled) 10 s: 1004003, and the agent does not hang', async () => {
    w.llm.handler = () => new Promise(() => undefined); // accepts, never answers
    const r = await failingTurn(w.llm.url);
    assert.equal(r.code, 1004003);
    assert.match(r.reason, /no first response/);
    assert.ok(r.ms < 3000, `gave up after ${r.ms} ms`);
  });

  it('a stream that stalls after its first chunk: 1004003', async () => {
    w.llm.handler = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n');
      await sleep(60_000);
    };
    const r = await failingTurn(w.llm.url);
    assert.equal(r.code, 1004003);
    assert.match(r.reason, /nothing more/);
  });

  it('garbage instead of JSON chunks: 1004004', async () => {
    w.llm.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: <html>not json</html>\n\n');
    };
    assert.equal((await failingTurn(w.llm.url)).code, 1004004);
  });

  it('JSON without choices: 1004004; a stream ending without [DONE]: 1004003', async () => {
    w.llm.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"hello":"world"}\n\n');
    };
    assert.equal((await failingTurn(w.llm.url)).code, 1004004);
    w.llm.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"index":0,"delta":{"content":"cut"}}]}\n\n');
    };
    const r = await failingTurn(w.llm.url);
    assert.equal(r.code, 1004003);
    assert.match(r.reason, /\[DONE\]/);
  });

  it('an endpoint nobody listens on: 1004005', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await failingTurn(`http://127.0.0.1:${port}/v1/chat/completions`);
    assert.equal(r.code, 1004005);
    assert.match(r.reason, /ECONNREFUSED/);
  });
});
