// Bad input of every kind is refused with InvalidParameter naming the field, nothing started; ArkV3 answers from the
// scripted echo model, or from the operator's --llm-endpoint when one is set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcApiError } from '@rtc-openapi/client';
import { streamText } from './fake-llm.js';
import { startParams, startVoiceWorld, until, type VoiceWorld } from './voice-harness.js';

type Over = Parameters<typeof startParams>[4];

const BAD_STARTS: [string, Over, RegExp][] = [
  ['two targets', { AgentConfig: { TargetUserId: ['a', 'b'] } }, /AgentConfig\.TargetUserId must list exactly one/],
  ['no target', { AgentConfig: { TargetUserId: [] } }, /AgentConfig\.TargetUserId/],
  ['a bad target id', { AgentConfig: { TargetUserId: ['a b'] } }, /AgentConfig\.TargetUserId\[0\]/],
  ['the agent is the target', { AgentConfig: { UserId: 'human' } }, /AgentConfig\.UserId must differ/],
  ['IdleTimeout 0', { AgentConfig: { IdleTimeout: 0 } }, /AgentConfig\.IdleTimeout/],
  ['AnsMode 7', { AgentConfig: { AnsMode: 7 } }, /AgentConfig\.AnsMode/],
  ['Burst.Interval 5', { AgentConfig: { Burst: { Interval: 5 } } }, /AgentConfig\.Burst\.Interval/],
  ['a state URL that is not http', { AgentConfig: { ServerMessageURLForRTS: 'ftp://x' } }, /ServerMessageURLForRTS/],
  [
    'state and subtitle URLs that differ',
    {
      AgentConfig: { ServerMessageURLForRTS: 'http://a.example/x' },
      Config: { SubtitleConfig: { ServerMessageUrl: 'http://b.example/y' } },
    },
    /ServerMessageURLForRTS must equal/,
  ],
  ['an ASR provider', { Config: { ASRConfig: { Provider: 'acme', ProviderParams: {} } } }, /ASRConfig\.Provider/],
  [
    'SilenceTime 400',
    { Config: { ASRConfig: { Provider: 'volcano', ProviderParams: {}, VADConfig: { SilenceTime: 400 } } } },
    /VADConfig\.SilenceTime/,
  ],
  [
    'InterruptSpeechDuration 100',
    {
      Config: {
        ASRConfig: { Provider: 'volcano', ProviderParams: {}, InterruptConfig: { InterruptSpeechDuration: 100 } },
      },
    },
    /InterruptSpeechDuration must be 0 or/,
  ],
  ['a TTS provider', { Config: { TTSConfig: { Provider: 'x', ProviderParams: {} } } }, /TTSConfig\.Provider/],
  [
    'IgnoreBracketText 9',
    { Config: { TTSConfig: { Provider: 'minimax', ProviderParams: {}, IgnoreBracketText: [9] } } },
    /IgnoreBracketText\[0\]/,
  ],
  ['SubtitleMode 3', { Config: { SubtitleConfig: { SubtitleMode: 3 } } }, /SubtitleConfig\.SubtitleMode/],
  ['InterruptMode 2', { Config: { InterruptMode: 2 } }, /Config\.InterruptMode/],
  ['no LLM Mode', { LLMConfig: { Mode: undefined } }, /LLMConfig\.Mode/],
  ['an LLM Mode', { LLMConfig: { Mode: 'Magic' } }, /LLMConfig\.Mode/],
  ['CustomLLM without URL', { LLMConfig: { URL: undefined } }, /LLMConfig\.Url is required/],
  ['CustomLLM URL not http', { LLMConfig: { URL: 'file:///etc/passwd' } }, /LLMConfig\.URL must be an http/],
  ['Temperature 3', { LLMConfig: { Temperature: 3 } }, /LLMConfig\.Temperature/],
  ['HistoryLength -1', { LLMConfig: { HistoryLength: -1 } }, /LLMConfig\.HistoryLength/],
  ['ExtraHeader Authorization', { LLMConfig: { ExtraHeader: { Authorization: 'x' } } }, /ExtraHeader\.Authorization/],
  ['ExtraHeader with a newline', { LLMConfig: { ExtraHeader: { 'X-A': 'a\nb' } } }, /ExtraHeader\.X-A/],
  ['Custom not JSON', { LLMConfig: { Custom: '{nope' } }, /LLMConfig\.Custom must be a JSON object/],
  ['Custom replacing messages', { LLMConfig: { Custom: '{"messages":[]}' } }, /LLMConfig\.Custom\.messages/],
  ['Tools of another type', { LLMConfig: { Tools: [{ type: 'x' }] } }, /LLMConfig\.Tools\[0\]\.type/],
  ['UserPrompts without Role', { LLMConfig: { UserPrompts: [{ Content: 'x' }] } }, /UserPrompts\[0\]\.Role/],
  ['ArkV3 with neither id', { LLMConfig: { Mode: 'ArkV3', URL: undefined } }, /EndPointId or BotId/],
  ['ArkV3 Temperature 0', { LLMConfig: { Mode: 'ArkV3', EndPointId: 'ep', Temperature: 0 } }, /Temperature/],
  [
    'CozeBot without APIKey',
    { LLMConfig: { Mode: 'CozeBot', CozeBotConfig: { BotId: 'b' } } },
    /CozeBotConfig\.APIKey/,
  ],
  [
    'an avatar of an unknown type',
    {
      Config: {
        AvatarConfig: { Enabled: true, AvatarAppID: 'a', AvatarToken: 't', AvatarType: 'video', AvatarRole: 'r' },
      },
    },
    /AvatarConfig\.AvatarType/,
  ],
];

describe('voice chat validation and the built-in models', () => {
  let w: VoiceWorld;
  before(async () => {
    w = await startVoiceWorld();
  });
  after(() => w.close());

  const refused = (p: Promise<unknown>, field: RegExp, code = 'InvalidParameter') =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof RtcApiError, String(e));
      assert.equal(e.code, code);
      assert.match(e.message, field);
      assert.doesNotMatch(e.message, /sk-test-secret/);
      return true;
    });

  for (const [what, over, field] of BAD_STARTS) {
    it(`StartVoiceChat refuses ${what}`, async () => {
      await refused(w.client.call('StartVoiceChat', startParams(w.dev.appId, 'v', 'bad', w.llm.url, over)), field);
    });
  }

  it('UpdateVoiceChat refuses bad commands, naming the field; an unknown task is ErrorActiveTaskNotFound', async () => {
    await w.client.call('StartVoiceChat', startParams(w.dev.appId, 'v', 'good', w.llm.url));
    const u = (p: Record<string, unknown>) =>
      w.client.call('UpdateVoiceChat', { AppId: w.dev.appId, RoomId: 'v', TaskId: 'good', Command: 'interrupt', ...p });
    await refused(u({ Command: 'dance' }), /: Command must be one of/);
    await refused(u({ Command: 'ExternalTextToLLM', InterruptMode: 1 }), /: Message is required/);
    await refused(u({ Command: 'ExternalTextToSpeech', Message: 'hi' }), /: InterruptMode is required/);
    await refused(u({ Command: 'ExternalTextToLLM', Message: 'hi', InterruptMode: 4 }), /: InterruptMode must be/);
    await refused(u({ Command: 'function', Message: 'not json' }), /: Message must be a JSON string/);
    await refused(u({ Command: 'function', Message: '{"Content":"x"}' }), /: Message\.ToolCallID is required/);
    await refused(u({ ImageConfig: { GroupID: 1 } }), /: ImageConfig goes only with/);
    await refused(
      u({ Command: 'ExternalTextToLLM', Message: 'hi', InterruptMode: 1, ImageConfig: { GroupID: 1 } }),
      /: ImageConfig\.ImageType is required/,
    );
    await refused(
      w.client.call('UpdateVoiceChat', { AppId: w.dev.appId, RoomId: 'v', TaskId: 'none', Command: 'interrupt' }),
      /none/,
      'InvalidParameter.ErrorActiveTaskNotFound',
    );
    await w.client.call('StopVoiceChat', { AppId: w.dev.appId, RoomId: 'v', TaskId: 'good' });
  });

  it('AibotxQuery checks its paging; this server has no console agents', async () => {
    assert.deepEqual(await w.client.call('AibotxQuery', { PageNum: 1, Limit: 12 }), { Bots: [] });
    await refused(w.client.call('AibotxQuery', { PageNum: 0 }), /: PageNum/);
  });

  it('ArkV3 without --llm-endpoint answers from the scripted echo model, tools included; unknown fields are 1000002', async () => {
    const human = await w.join('ark', 'human');
    await w.client.call('StartVoiceChat', {
      ...startParams(w.dev.appId, 'ark', 'ark', w.llm.url, {
        LLMConfig: {
          Mode: 'ArkV3',
          URL: undefined,
          APIKey: undefined,
          ModelName: undefined,
          EndPointId: 'ep-1',
          Tools: [{ type: 'function', function: { name: 'lookup' } }],
        },
        AgentConfig: { Mystery: true },
      }),
    });
    const requests = w.llm.requests.length;
    await human.client.speakToAgent('bot', 'hello robot');
    await until(() => human.subtitles('bot').some((l) => l.text === 'You said: hello robot' && l.paragraph), 'echo');
    await human.client.sendVoiceFrame('bot', 'ctrl', {
      Command: 'ExternalTextToLLM',
      Message: 'call lookup {"q":1}',
      InterruptMode: 1,
    });
    const tool = await until(() => human.frames.find((f) => f.magic === 'tool'), 'the scripted tool call');
    const call = tool.payload.tool_calls![0]!;
    assert.deepEqual([call.function.name, call.function.arguments], ['lookup', '{"q":1}']);
    await human.client.sendVoiceFrame('bot', 'func', { ToolCallID: call.id, Content: '42' });
    await until(() => human.subtitles('bot').some((l) => l.text === 'The result is 42'), 'the result');
    assert.equal(w.llm.requests.length, requests, 'no HTTP call was made');
    const unknown = await until(() => w.voiceEvents('ark').find((e) => e.EventType === 1), 'the 1000002 event');
    assert.deepEqual(unknown.ErrorInfo, { Errorcode: 1000002, Reason: 'unknown parameters: AgentConfig.Mystery' });
  });

  it('ArkV3 with --llm-endpoint calls the operator endpoint with EndPointId as the model', async () => {
    const other = await startVoiceWorld({ llmEndpoint: w.llm.url, subscribe: false });
    try {
      const human = await other.join('ep', 'human');
      w.llm.handler = (_req, res) => streamText(res, ['From the endpoint.']);
      await other.client.call(
        'StartVoiceChat',
        startParams(other.dev.appId, 'ep', 'ep', w.llm.url, {
          LLMConfig: { Mode: 'ArkV3', URL: undefined, APIKey: undefined, ModelName: undefined, EndPointId: 'ep-9' },
        }),
      );
      await other.client.call('UpdateVoiceChat', {
        AppId: other.dev.appId,
        RoomId: 'ep',
        TaskId: 'ep',
        Command: 'ExternalTextToLLM',
        Message: 'hi',
        InterruptMode: 1,
      });
      await until(() => human.subtitles('bot').some((l) => l.text === 'From the endpoint.'), 'the answer');
      const req = w.llm.requests.at(-1)!;
      assert.equal(req.body.model, 'ep-9');
      assert.equal(req.headers.authorization, 'Bearer operator-key');
    } finally {
      await other.close();
    }
  });
});
