// End to end: the agent joins as a visible user, speaks its welcome message, takes turns against a real local
// streaming LLM, sends subv and conv frames to the room and server messages to its URLs, and reports VoiceChat.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError } from '@rtc-openapi/client';
import { streamText } from './fake-llm.js';
import { startParams, startVoiceWorld, until, type VoiceWorld } from './voice-harness.js';

describe('the voice agent, end to end with a streaming CustomLLM', () => {
  let w: VoiceWorld;
  before(async () => {
    w = await startVoiceWorld();
  });
  after(() => w.close());

  it('joins as a visible user, welcomes, and answers a turn from ExternalTextToLLM with streamed subtitles', async () => {
    const human = await w.join('r1', 'human');
    const params = startParams(w.dev.appId, 'r1', 't1', w.llm.url, {
      AgentConfig: { WelcomeMessage: 'Hi, I am your agent.', EnableConversationStateCallback: true },
      LLMConfig: {
        ExtraHeader: { 'X-Tenant': 'acme' },
        SystemMessages: ['You are terse.'],
        Temperature: 0.5,
        TopP: 0.9,
        MaxTokens: 256,
        HistoryLength: 1,
        Custom: '{"user_tag":"u-1"}',
      },
    });
    // The official SDK, as the demo server calls it (2024-12-01).
    const started = await w.sdk('StartVoiceChat', '2024-12-01')(params);
    assert.equal(started.ResponseMetadata.Error, undefined, JSON.stringify(started));
    assert.equal(started.Result, 'ok');

    await until(() => human.events.some((e) => e.type === 'streamPublished' && e.userId === 'bot'), 'bot publishes');
    assert.ok(human.events.some((e) => e.type === 'userJoined' && e.userId === 'bot'));
    const online = await w.client.call('GetRoomOnlineUsers', { AppId: w.dev.appId, RoomId: 'r1' });
    assert.deepEqual([...(online.VisibleUserList ?? [])].sort(), ['bot', 'human']);
    await until(
      () => w.receiver.received.some((c) => c.EventType === 'UserJoinRoom' && c.EventData.UserId === 'bot'),
      'the UserJoinRoom callback of the agent',
    );

    // Welcome: round 0, spoken then finished, then listening.
    await until(() => human.stages().includes('0:1'), 'listening after the welcome');
    const welcome = human.subtitles('bot');
    assert.deepEqual(
      welcome.map((l) => [l.text, l.definite, l.paragraph, l.roundId]),
      [['Hi, I am your agent.', true, true, 0]],
    );
    assert.deepEqual(human.stages(), ['0:3', '0:5', '0:1']);

    w.llm.handler = (req, res) => streamText(res, ['Hello', ' there.', ' How are', ' you today?'], 5);
    await w.client.call(
      'UpdateVoiceChat',
      {
        AppId: w.dev.appId,
        RoomId: 'r1',
        TaskId: 't1',
        Command: 'ExternalTextToLLM',
        Message: 'hi!',
        InterruptMode: 1,
      },
      { version: '2025-06-01' },
    );
    await until(() => human.stages().includes('1:1'), 'listening after round 1');
    const req = w.llm.requests[0]!;
    assert.equal(req.headers.authorization, 'Bearer sk-test-secret');
    assert.equal(req.headers['x-tenant'], 'acme');
    assert.match(String(req.headers['content-type']), /application\/json/);
    assert.equal(req.body.stream, true);
    assert.equal(req.body.model, 'my-model');
    assert.equal(req.body.temperature, 0.5);
    assert.equal(req.body.top_p, 0.9);
    assert.equal(req.body.max_tokens, 256);
    assert.equal(req.body.user_tag, 'u-1');
    assert.deepEqual(req.body.messages, [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'hi!' },
    ]);
    const answer = human.subtitles('bot').filter((l) => l.roundId === 1);
    assert.deepEqual(
      answer.map((l) => [l.text, l.definite, l.paragraph]),
      [
        ['Hello', false, false],
        ['Hello there.', true, false],
        ['How are', false, false],
        ['How are you today?', true, false],
        ['How are you today?', true, true],
      ],
    );
    assert.deepEqual(human.stages().slice(3), ['1:2', '1:3', '1:5', '1:1']);

    // A second turn carries the first as history (HistoryLength 1).
    w.llm.handler = (_req, res) => streamText(res, ['Fine.']);
    await w.client.call('UpdateVoiceChat', {
      AppId: w.dev.appId,
      RoomId: 'r1',
      TaskId: 't1',
      Command: 'ExternalTextToLLM',
      Message: 'and now?',
      InterruptMode: 2,
    });
    await until(() => human.stages().includes('2:1'), 'listening after round 2');
    assert.deepEqual(w.llm.requests[1]!.body.messages.slice(1), [
      { role: 'user', content: 'hi!' },
      { role: 'assistant', content: 'Hello there. How are you today?' },
      { role: 'user', content: 'and now?' },
    ]);

    const events = w.voiceEvents('t1');
    await until(
      () => w.voiceEvents('t1').some((e) => e.RunStage === 'finished' && e.RoundID === 2),
      'VoiceChat events',
    );
    assert.equal(events[0]!.RunStage, 'taskStart');
    assert.equal(events[0]!.UserID, 'bot');

    await w.client.call('StopVoiceChat', { AppId: w.dev.appId, RoomId: 'r1', TaskId: 't1' });
    await until(() => human.events.some((e) => e.type === 'userLeft' && e.userId === 'bot'), 'the agent leaves');
    const stop = await until(
      () => w.voiceEvents('t1').find((e) => e.RunStage === 'taskStop'),
      'the taskStop VoiceChat event',
    );
    assert.deepEqual(JSON.parse(String(stop.ExtraInfo)), { StopReason: 'StopByAPI', Detail: 'StopVoiceChat' });
    await assert.rejects(
      w.client.call('UpdateVoiceChat', { AppId: w.dev.appId, RoomId: 'r1', TaskId: 't1', Command: 'interrupt' }),
      (e: unknown) => e instanceof RtcApiError && e.code === 'InvalidParameter.ErrorActiveTaskNotFound',
    );
  });

  it('refuses a running TaskId, takes it again once stopped, and refuses an agent UserId already in the room', async () => {
    await w.join('r2', 'human');
    const params = startParams(w.dev.appId, 'r2', 't2', w.llm.url);
    assert.equal(await w.client.call('StartVoiceChat', params), 'ok');
    await assert.rejects(
      w.client.call('StartVoiceChat', params),
      (e: unknown) => e instanceof RtcApiError && e.code === 'InvalidParameter.TaskAlreadyExists',
    );
    await assert.rejects(
      w.client.call('StartVoiceChat', { ...params, TaskId: 't2b' }),
      (e: unknown) =>
        e instanceof RtcApiError && e.code === 'InvalidParameter' && /AgentConfig\.UserId/.test(e.message),
    );
    await w.client.call('StopVoiceChat', { AppId: w.dev.appId, RoomId: 'r2', TaskId: 't2' });
    assert.equal(await w.client.call('StartVoiceChat', params), 'ok');
    await assert.rejects(
      w.client.call('StopVoiceChat', { AppId: w.dev.appId, RoomId: 'r2', TaskId: 'nope' }),
      (e: unknown) => e instanceof RtcApiError && e.code === 'InvalidParameter.ErrorActiveTaskNotFound',
    );
  });

  it('hears the room client stand-in for speech: user subtitles word by word, then the turn', async () => {
    const human = await w.join('r3', 'human');
    w.llm.handler = (_req, res) => streamText(res, ['It is noon.']);
    await w.client.call(
      'StartVoiceChat',
      startParams(w.dev.appId, 'r3', 't3', w.llm.url, { AgentConfig: { EnableConversationStateCallback: true } }),
    );
    await until(() => human.stages().includes('0:1'), 'listening');
    const before = w.llm.requests.length;
    await human.client.speakToAgent('bot', 'what time is it');
    await until(() => human.subtitles('bot').some((l) => l.text === 'It is noon.' && l.paragraph), 'the answer');
    const heard = human.subtitles('human');
    assert.deepEqual(
      heard.map((l) => [l.text, l.definite, l.paragraph]),
      [
        ['what', false, false],
        ['what time', false, false],
        ['what time is', false, false],
        ['what time is it', false, false],
        ['what time is it', true, true],
      ],
    );
    assert.deepEqual(w.llm.requests[before]!.body.messages.at(-1), { role: 'user', content: 'what time is it' });
  });

  it('delivers subtitles and states to the ServerMessageUrl with the signature', async () => {
    const human = await w.join('r4', 'human');
    w.llm.handler = (_req, res) => streamText(res, ['One. ', 'Two.']);
    await w.client.call(
      'StartVoiceChat',
      startParams(w.dev.appId, 'r4', 't4', w.llm.url, {
        Config: { SubtitleConfig: { ServerMessageUrl: `${w.messages.url}/sub`, ServerMessageSignature: 'sig-1' } },
        AgentConfig: {
          EnableConversationStateCallback: true,
          ServerMessageURLForRTS: `${w.messages.url}/sub`,
          ServerMessageSignatureForRTS: 'sig-2',
        },
      }),
    );
    await until(() => human.stages().includes('0:1'), 'listening');
    await w.client.call('UpdateVoiceChat', {
      AppId: w.dev.appId,
      RoomId: 'r4',
      TaskId: 't4',
      Command: 'ExternalTextToLLM',
      Message: 'count',
      InterruptMode: 1,
    });
    await until(() => w.messages.received.filter((m) => m.magic === 'conv').length >= 5, 'state posts');
    await until(() => w.messages.received.some((m) => m.magic === 'subv' && m.payload.data![0]!.paragraph), 'subs');
    const subs = w.messages.received.filter((m) => m.magic === 'subv');
    assert.ok(subs.every((m) => m.signature === 'sig-1' && m.path === '/sub'));
    assert.deepEqual(
      subs.map((m) => [m.payload.data![0]!.text, m.payload.data![0]!.definite]),
      [
        ['One.', true],
        ['Two.', true],
        ['Two.', true],
      ],
    );
    const states = w.messages.received.filter((m) => m.magic === 'conv');
    assert.ok(states.every((m) => m.signature === 'sig-2'));
    assert.deepEqual(
      states.map((m) => `${m.payload.RoundID}:${m.payload.Stage!.Code}`),
      // Without a welcome message the first turn is round 0.
      ['0:1', '0:2', '0:3', '0:5', '0:1'],
    );
    assert.equal(states[0]!.payload.TaskId, 't4');
  });
});
