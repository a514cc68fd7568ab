import type { ParamsOf } from '@rtc-openapi/api';
import {
  bool,
  httpUrl,
  intIn,
  invalid,
  numberIn,
  obj,
  oneOf,
  str,
  strings,
  unknownKeys,
  userId,
} from './config-checks.js';
import { readLlmConfig, type LlmSpec } from './llm-config.js';

/** Where frames are POSTed, with the shared string each POST carries. */
export interface MessageTarget {
  url: string;
  signature: string;
}

/** StartVoiceChat's parameters as the agent uses them, checked and with their defaults. */
type StartVoiceChatParams = ParamsOf<'StartVoiceChat', '2025-06-01'>;

export interface AgentSpec {
  appId: string;
  roomId: string;
  taskId: string;
  businessId: string;
  agentUserId: string;
  targetUserId: string;
  welcomeMessage: string;
  /** Task seconds the target may be absent before the agent leaves (default 180). */
  idleTimeoutS: number;
  stateCallbacks: boolean;
  subtitlesToRoom: boolean;
  subtitleMode: 0 | 1;
  subtitleTarget?: MessageTarget;
  stateTarget?: MessageTarget;
  functionTarget?: MessageTarget;
  /** Config.InterruptMode: 0 the user's speech interrupts the agent, 1 it does not. */
  voiceInterrupt: boolean;
  asr: { silenceMs: number; turnDetection: 0 | 1; interruptSpeechMs: number; interruptKeywords: string[] };
  /** TTSConfig.IgnoreBracketText: bracket kinds 1-5 whose text is not spoken (nor subtitled). */
  ignoreBrackets: number[];
  llm: LlmSpec;
  avatar: boolean;
  /** Config / AgentConfig fields the service does not know: reported at run time as 1000002. */
  unknownParams: string[];
}

const CONFIG_KEYS = [
  'ASRConfig',
  'TTSConfig',
  'LLMConfig',
  'SubtitleConfig',
  'FunctionCallingConfig',
  'InterruptMode',
  'AvatarConfig',
  'S2SConfig',
] as const;
const AGENT_KEYS = [
  'TargetUserId',
  'WelcomeMessage',
  'UserId',
  'EnableConversationStateCallback',
  'ServerMessageURLForRTS',
  'ServerMessageSignatureForRTS',
  'UseLicense',
  'Burst',
  'IdleTimeout',
  'AnsMode',
  'VoicePrint',
] as const;

/** Checks what the catalog schema cannot and returns the agent's spec; `now` makes the default agent UserId. */
export function readAgentSpec(appId: string, p: StartVoiceChatParams, now: number): AgentSpec {
  const config = obj('Config', p.Config, true)!;
  const agent = obj('AgentConfig', p.AgentConfig, true)!;
  const targets = strings('AgentConfig.TargetUserId', agent.TargetUserId) ?? [];
  if (targets.length !== 1) throw invalid('AgentConfig.TargetUserId', 'must list exactly one user (1:1 conversation)');
  const targetUserId = userId('AgentConfig.TargetUserId[0]', targets[0]);
  const agentUserId =
    agent.UserId === undefined ? `voiceChat_${targetUserId}_${now}` : userId('AgentConfig.UserId', agent.UserId);
  if (agentUserId === targetUserId) throw invalid('AgentConfig.UserId', 'must differ from AgentConfig.TargetUserId');

  const asr = readAsr(obj('Config.ASRConfig', config.ASRConfig, true)!);
  const tts = obj('Config.TTSConfig', config.TTSConfig, true)!;
  oneOf('Config.TTSConfig.Provider', tts.Provider, ['volcano', 'volcano_bidirection', 'minimax', 'ai_gateway']);
  obj('Config.TTSConfig.ProviderParams', tts.ProviderParams, true);
  const brackets = readBrackets(tts.IgnoreBracketText);

  const subtitle = obj('Config.SubtitleConfig', config.SubtitleConfig) ?? {};
  const subtitleTarget = target('Config.SubtitleConfig', subtitle.ServerMessageUrl, subtitle.ServerMessageSignature);
  const stateTarget = target(
    'AgentConfig',
    agent.ServerMessageURLForRTS,
    agent.ServerMessageSignatureForRTS,
    'ServerMessageURLForRTS',
    'ServerMessageSignatureForRTS',
  );
  if (subtitleTarget && stateTarget && subtitleTarget.url !== stateTarget.url) {
    throw invalid(
      'AgentConfig.ServerMessageURLForRTS',
      'must equal Config.SubtitleConfig.ServerMessageUrl when both are set',
    );
  }
  const fc = obj('Config.FunctionCallingConfig', config.FunctionCallingConfig) ?? {};
  const functionTarget = target('Config.FunctionCallingConfig', fc.ServerMessageUrl, fc.ServerMessageSignature);

  readAgentExtras(agent);
  const avatar = readAvatar(obj('Config.AvatarConfig', config.AvatarConfig));
  const welcome = str('AgentConfig.WelcomeMessage', agent.WelcomeMessage, { max: 1024 }) ?? '';
  return {
    appId,
    roomId: p.RoomId,
    taskId: p.TaskId,
    businessId: p.BusinessId ?? '',
    agentUserId,
    targetUserId,
    welcomeMessage: welcome,
    idleTimeoutS: intIn('AgentConfig.IdleTimeout', agent.IdleTimeout, 1, 86_400) ?? 180,
    stateCallbacks: bool('AgentConfig.EnableConversationStateCallback', agent.EnableConversationStateCallback) ?? false,
    subtitlesToRoom: !(bool('Config.SubtitleConfig.DisableRTSSubtitle', subtitle.DisableRTSSubtitle) ?? false),
    subtitleMode: oneOf('Config.SubtitleConfig.SubtitleMode', subtitle.SubtitleMode, [0, 1] as const) ?? 0,
    ...(subtitleTarget && { subtitleTarget }),
    ...(stateTarget && { stateTarget }),
    ...(functionTarget && { functionTarget }),
    voiceInterrupt: (oneOf('Config.InterruptMode', config.InterruptMode, [0, 1] as const) ?? 0) === 0,
    asr,
    ignoreBrackets: brackets,
    llm: readLlmConfig(config.LLMConfig),
    avatar,
    unknownParams: [...unknownKeys('Config', config, CONFIG_KEYS), ...unknownKeys('AgentConfig', agent, AGENT_KEYS)],
  };
}

function readAsr(asr: Record<string, unknown>): AgentSpec['asr'] {
  const f = (name: string): string => `Config.ASRConfig.${name}`;
  if (!oneOf(f('Provider'), asr.Provider, ['volcano', 'ai_gateway'])) throw invalid(f('Provider'), 'is required');
  obj(f('ProviderParams'), asr.ProviderParams, true);
  const vad = obj(f('VADConfig'), asr.VADConfig) ?? {};
  const silence = intIn(f('VADConfig.SilenceTime'), vad.SilenceTime, 500, 2999) ?? 600;
  bool(f('VADConfig.AIVAD'), vad.AIVAD);
  numberIn(f('VolumeGain'), asr.VolumeGain, 0, 10, true);
  const interrupt = obj(f('InterruptConfig'), asr.InterruptConfig) ?? {};
  const duration = intIn(f('InterruptConfig.InterruptSpeechDuration'), interrupt.InterruptSpeechDuration, 0, 3000) ?? 0;
  if (duration > 0 && duration < 200) {
    throw invalid(f('InterruptConfig.InterruptSpeechDuration'), 'must be 0 or in [200, 3000]');
  }
  return {
    silenceMs: silence,
    turnDetection: oneOf(f('TurnDetectionMode'), asr.TurnDetectionMode, [0, 1] as const) ?? 0,
    interruptSpeechMs: duration,
    interruptKeywords: strings(f('InterruptConfig.InterruptKeywords'), interrupt.InterruptKeywords, 100) ?? [],
  };
}

function readBrackets(value: unknown): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid('Config.TTSConfig.IgnoreBracketText', 'must be an array of 1-5');
  value.forEach((v, i) => intIn(`Config.TTSConfig.IgnoreBracketText[${i}]`, v, 1, 5));
  return value as number[];
}

function target(
  prefix: string,
  url: unknown,
  signature: unknown,
  urlName = 'ServerMessageUrl',
  signatureName = 'ServerMessageSignature',
): MessageTarget | undefined {
  const u = httpUrl(`${prefix}.${urlName}`, url);
  const s = str(`${prefix}.${signatureName}`, signature, { max: 1024 }) ?? '';
  return u ? { url: u, signature: s } : undefined;
}

function readAgentExtras(agent: Record<string, unknown>): void {
  bool('AgentConfig.UseLicense', agent.UseLicense);
  intIn('AgentConfig.AnsMode', agent.AnsMode, 0, 3);
  const burst = obj('AgentConfig.Burst', agent.Burst);
  if (burst) {
    bool('AgentConfig.Burst.Enable', burst.Enable);
    intIn('AgentConfig.Burst.BufferSize', burst.BufferSize, 10, 3_600_000);
    intIn('AgentConfig.Burst.Interval', burst.Interval, 10, 600);
  }
  const print = obj('AgentConfig.VoicePrint', agent.VoicePrint);
  if (print) {
    oneOf('AgentConfig.VoicePrint.Mode', print.Mode, [0, 1]);
    strings('AgentConfig.VoicePrint.IdList', print.IdList, 1);
  }
}

/** AvatarConfig is checked as documented; an enabled avatar cannot connect here (reported as 1006001). */
function readAvatar(a: Record<string, unknown> | undefined): boolean {
  if (!a) return false;
  const f = (name: string): string => `Config.AvatarConfig.${name}`;
  const enabled = bool(f('Enabled'), a.Enabled) ?? false;
  if (!enabled) return false;
  str(f('AvatarAppID'), a.AvatarAppID, { required: true });
  str(f('AvatarToken'), a.AvatarToken, { required: true });
  const type = oneOf(f('AvatarType'), a.AvatarType, ['pic', '3min']);
  if (!type) throw invalid(f('AvatarType'), 'is required (pic or 3min)');
  str(f('AvatarRole'), a.AvatarRole, { required: true });
  if (a.BackgroundUrl !== undefined && type !== '3min')
    throw invalid(f('BackgroundUrl'), 'is for AvatarType 3min only');
  httpUrl(f('BackgroundUrl'), a.BackgroundUrl);
  intIn(f('VideoBitrate'), a.VideoBitrate, 100, 8000);
  return true;
}
