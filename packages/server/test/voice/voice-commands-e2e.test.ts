// Interrupts, function calling (a tool frame answered by a func frame; the server-side URL answered by
// UpdateVoiceChat), ctrl frames, ExternalTextToSpeech priorities, prompts and caller-driven turn ends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError } from '@rtc-openapi/client';
import { streamText, streamToolCall } from './fake-llm.js';
import { startParams, startVoiceWorld, until, type Listener, type VoiceWorld } from './voice-harness.js';

const TOOLS = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];

describe('voice agent commands and function calls', () => {
  let w: VoiceWorld;
  before(async () => {
    w = await startVoiceWorld();
  });
  after(() => w.close());

  const start = async (room: string, task: string, over: Parameters<typeof startParams>[4] = {}): Promise<Listener> => {
    const human = await w.join(room, 'human');
    await w.client.call(
      'StartVoiceChat',
      startParams(w.dev.appId, room, task, w.llm.url, {
        ...over,
        AgentConfig: { EnableConversationStateCallback: true, ...over.AgentConfig },
      }),
    );
    await until(() => human.stages().includes('0:1'), 'listening');
    return human;
  };
  const update = (room: string, task: string, p: Record<string, unknown>) =>
    w.client.call('UpdateVoiceChat', { AppId: w.dev.appId, RoomId: room, TaskId: task, Command: 'interrupt', ...p });

  it('interrupt in mid-answer: the stream is cut, stage interrupted then listening, the LLM connection closed', async () => {
    const human = await start('c1', 'k1');
    w.llm.handler = (_req, res) =>
      streamText(
        res,
        Array.from({ length: 200 }, (_, i) => ` w${i}`),
        20,
      );
    await update('c1', 'k1', { Command: 'ExternalTextToLLM', Message: 'talk a lot', InterruptMode: 1 });
    await until(() => human.subtitles('bot').length >= 3, 'a few subtitles');
    await update('c1', 'k1', { Command: 'interrupt' });
    await until(() => human.stages().includes('0:4'), 'interrupted');
    const req = w.llm.requests.at(-1)!;
    await until(() => req.aborted, 'the LLM request aborted');
    const count = human.subtitles('bot').length;
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(human.subtitles('bot').length <= count + 1, 'no more subtitles after the interrupt');
    assert.deepEqual(human.stages().slice(-2), ['0:4', '0:1']);
  });

  it('a tool call goes to the client as a tool frame; its func answer continues the round', async () => {
    const human = await start('c2', 'k2', { LLMConfig: { Tools: TOOLS } });
    w.llm.handler = (req, res) => {
      const last = req.body.messages.at(-1)!;
      if (last.role === 'tool') return streamText(res, [`It is ${last.content}.`]);
      streamToolCall(res, 'call_42', 'get_weather', '{"city":"Paris"}');
    };
    const before = w.llm.requests.length;
    await human.client.sendVoiceFrame('bot', 'ctrl', {
      Command: 'ExternalTextToLLM',
      Message: 'weather in Paris?',
      InterruptMode: 1,
    });
    const tool = await until(() => human.frames.find((f) => f.magic === 'tool'), 'the tool frame');
    assert.equal(tool.payload.RoundID, 0);
    assert.deepEqual(tool.payload.tool_calls, [
      { id: 'call_42', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
    assert.deepEqual(w.llm.requests[before]!.body.tools, TOOLS);
    await human.client.sendVoiceFrame('bot', 'func', { ToolCallID: 'call_42', Content: 'sunny, 21C' });
    await until(() => human.subtitles('bot').some((l) => l.text === 'It is sunny, 21C.' && l.paragraph), 'answer');
    const second = w.llm.requests[before + 1]!.body.messages;
    assert.deepEqual(second.slice(-3), [
      { role: 'user', content: 'weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_42', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_42', content: 'sunny, 21C' },
    ]);
    await until(() => human.stages().includes('0:1') && human.stages().at(-1) === '0:1', 'listening again');
    // An answer nobody asked for is refused, naming the field.
    await assert.rejects(
      update('c2', 'k2', { Command: 'function', Message: '{"ToolCallID":"call_42","Content":"again"}' }),
      (e: unknown) =>
        e instanceof RtcApiError && e.code === 'InvalidParameter' && /Message\.ToolCallID/.test(e.message),
    );
  });

  it('FunctionCallingConfig.ServerMessageUrl gets the tool POST, UpdateVoiceChat answers; a failing URL is 1004007', async () => {
    const url = `${w.messages.url}/fc`;
    const human = await start('c3', 'k3', {
      LLMConfig: { Tools: TOOLS },
      Config: { FunctionCallingConfig: { ServerMessageUrl: url, ServerMessageSignature: 'fc-sig' } },
    });
    w.llm.handler = (req, res) => {
      const last = req.body.messages.at(-1)!;
      if (last.role === 'tool') return streamText(res, ['Done.']);
      streamToolCall(res, 'call_7', 'get_weather', '{}');
    };
    await update('c3', 'k3', { Command: 'ExternalTextToLLM', Message: 'weather', InterruptMode: 1 });
    const post = await until(() => w.messages.received.find((m) => m.path === '/fc'), 'the tool POST');
    assert.equal(post.magic, 'tool');
    assert.equal(post.signature, 'fc-sig');
    assert.ok(!human.frames.some((f) => f.magic === 'tool'), 'server mode sends no tool frame to the client');
    await update('c3', 'k3', { Command: 'function', Message: JSON.stringify({ ToolCallID: 'call_7', Content: 'ok' }) });
    await until(() => human.subtitles('bot').some((l) => l.text === 'Done.'), 'the answer');

    w.messages.status = 500;
    await update('c3', 'k3', { Command: 'ExternalTextToLLM', Message: 'again', InterruptMode: 1 });
    const failed = await until(() => w.voiceEvents('k3').find((e) => e.EventType === 1), 'the VoiceChat error event');
    w.messages.status = 200;
    assert.deepEqual((failed.ErrorInfo as { Errorcode: number }).Errorcode, 1004007);
    assert.equal(failed.RunStage, 'functionCalling');
    const conv = await until(() => human.frames.find((f) => f.magic === 'conv' && f.payload.ErrorInfo), 'conv error');
    assert.equal(conv.payload.ErrorInfo!.Errorcode, 1004007);
  });

  it('ExternalTextToSpeech: 1 interrupts, 2 waits for the turn, 3 is dropped when busy; prompts reach the next request', async () => {
    const human = await start('c4', 'k4');
    w.llm.handler = (_req, res) =>
      streamText(
        res,
        Array.from({ length: 30 }, (_, i) => ` x${i}`),
        10,
      );
    await update('c4', 'k4', { Command: 'ExternalPromptsForLLM', Message: 'The user is Ada.' });
    await update('c4', 'k4', { Command: 'ExternalTextToLLM', Message: 'hello', InterruptMode: 1 });
    await until(() => human.subtitles('bot').length > 0, 'answer begins');
    await update('c4', 'k4', { Command: 'ExternalTextToSpeech', Message: 'Dropped.', InterruptMode: 3 });
    await update('c4', 'k4', { Command: 'ExternalTextToSpeech', Message: 'Afterwards.', InterruptMode: 2 });
    await until(() => human.subtitles('bot').some((l) => l.text === 'Afterwards.'), 'the queued speech');
    const texts = human.subtitles('bot').map((l) => l.text);
    assert.ok(!texts.includes('Dropped.'));
    assert.ok(texts.indexOf('Afterwards.') > texts.findIndex((t) => t.includes('x29')), 'spoken after the turn');
    assert.ok(!human.stages().includes('0:4'), 'the turn was not interrupted');
    await update('c4', 'k4', { Command: 'ExternalTextToLLM', Message: 'long again', InterruptMode: 1 });
    await until(() => human.stages().includes('2:3'), 'round 2 speaking');
    await update('c4', 'k4', { Command: 'ExternalTextToSpeech', Message: 'Now!', InterruptMode: 1 });
    await until(() => human.subtitles('bot').some((l) => l.text === 'Now!'), 'the urgent speech');
    assert.ok(human.stages().includes('2:4'), 'round 2 interrupted');
    const first = w.llm.requests.find((r) => r.body.messages.at(-1)?.content === 'hello')!;
    assert.deepEqual(first.body.messages.slice(0, 1), [{ role: 'system', content: 'The user is Ada.' }]);
    const later = w.llm.requests.find((r) => r.body.messages.at(-1)?.content === 'long again')!;
    assert.ok(!later.body.messages.some((m) => m.content === 'The user is Ada.'), 'a prompt is for one request');
  });

  it('TurnDetectionMode 1: speech waits for FinishSpeechRecognition', async () => {
    const human = await start('c5', 'k5', {
      Config: { ASRConfig: { Provider: 'volcano', ProviderParams: {}, TurnDetectionMode: 1 } },
    });
    w.llm.handler = (_req, res) => streamText(res, ['Got it.']);
    const before = w.llm.requests.length;
    await human.client.speakToAgent('bot', 'first part');
    await human.client.speakToAgent('bot', 'second part');
    await until(() => human.subtitles('human').some((l) => l.text === 'first part second part'), 'heard');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(w.llm.requests.length, before, 'no turn before FinishSpeechRecognition');
    await update('c5', 'k5', { Command: 'FinishSpeechRecognition' });
    await until(() => human.subtitles('bot').some((l) => l.text === 'Got it.'), 'the answer');
    assert.equal(w.llm.requests.at(-1)!.body.messages.at(-1)!.content, 'first part second part');
  });
});
