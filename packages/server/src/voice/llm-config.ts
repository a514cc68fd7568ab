import { bool, httpUrl, intIn, invalid, numberIn, obj, oneOf, str, strings } from './config-checks.js';

/** What the agent asks its model with (LLMConfig, normalised). */
export interface LlmSpec {
  mode: 'CustomLLM' | 'ArkV3' | 'CozeBot';
  /** CustomLLM: the developer's URL. ArkV3 / CozeBot: none (the operator's --llm-endpoint or the scripted model). */
  url?: string;
  /** Secret: never logged nor put in an error message. */
  apiKey?: string;
  extraHeaders: Record<string, string>;
  /** ModelName (CustomLLM), EndPointId or BotId (ArkV3), CozeBotConfig.BotId (CozeBot). */
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  systemMessages: string[];
  userPrompts: { role: 'user' | 'assistant'; content: string }[];
  /** The last this many turns (a user message and the answer) go with each request. */
  historyLength: number;
  /** LLMConfig.Custom, merged into the request body. */
  custom: Record<string, unknown>;
  /** OpenAI-style function definitions, sent as `tools`. */
  tools?: unknown[];
}

/** HistoryLength when LLMConfig leaves it out (our choice; the catalog gives no default). */
export const DEFAULT_HISTORY_LENGTH = 3;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the agent sets itself. */
const RESERVED_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'host']);
/** Body keys Custom may not replace: the conversation and streaming are the agent's. */
const RESERVED_BODY = new Set(['messages', 'stream']);

/** Reads Config.LLMConfig; throws InvalidParameter naming the field. */
export function readLlmConfig(value: unknown): LlmSpec {
  const c = obj('Config.LLMConfig', value, true)!;
  const f = (name: string): string => `Config.LLMConfig.${name}`;
  const mode = oneOf(f('Mode'), c.Mode ?? undefined, ['CustomLLM', 'ArkV3', 'CozeBot'] as const);
  if (!mode) throw invalid(f('Mode'), 'is required (CustomLLM, ArkV3 or CozeBot)');
  const common = {
    temperature: numberIn(f('Temperature'), c.Temperature, 0, mode === 'ArkV3' ? 1 : 2, mode === 'ArkV3'),
    topP: numberIn(f('TopP'), c.TopP, 0, 1, true),
    maxTokens: intIn(f('MaxTokens'), c.MaxTokens, 1, 1_000_000),
    systemMessages: strings(f('SystemMessages'), c.SystemMessages, 100) ?? [],
    userPrompts: readPrompts(f('UserPrompts'), c.UserPrompts),
    historyLength: intIn(f('HistoryLength'), c.HistoryLength, 0, 100) ?? DEFAULT_HISTORY_LENGTH,
    tools: readTools(f('Tools'), c.Tools),
  };
  const vision = obj(f('VisionConfig'), c.VisionConfig);
  if (vision) bool(f('VisionConfig.Enable'), vision.Enable);
  bool(f('EnableRoundId'), c.EnableRoundId);
  if (mode === 'CustomLLM') {
    if (c.URL !== undefined && c.Url !== undefined) throw invalid(f('URL'), 'and Url must not both be given');
    const url = httpUrl(c.URL !== undefined ? f('URL') : f('Url'), c.URL ?? c.Url, true)!;
    const apiKey = str(f('APIKey'), c.APIKey, { max: 4096 });
    return {
      mode,
      url,
      ...(apiKey && { apiKey }),
      extraHeaders: readHeaders(f('ExtraHeader'), c.ExtraHeader),
      model: str(f('ModelName'), c.ModelName, { max: 256 }) ?? '',
      custom: readCustom(f('Custom'), c.Custom),
      ...defined(common),
    };
  }
  if (mode === 'ArkV3') {
    const endpoint = str(f('EndPointId'), c.EndPointId, { max: 256 });
    const bot = str(f('BotId'), c.BotId, { max: 256 });
    if (!endpoint === !bot) throw invalid(f('EndPointId'), 'or BotId is required (exactly one of them)');
    return { mode, extraHeaders: {}, model: (endpoint ?? bot)!, custom: {}, ...defined(common) };
  }
  const coze = obj(f('CozeBotConfig'), c.CozeBotConfig, true)!;
  httpUrl(f('CozeBotConfig.Url'), coze.Url);
  const botId = str(f('CozeBotConfig.BotId'), coze.BotId, { required: true, max: 256 })!;
  str(f('CozeBotConfig.APIKey'), coze.APIKey, { required: true });
  return { mode, extraHeaders: {}, model: botId, custom: {}, ...defined(common) };
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function readPrompts(field: string, value: unknown): LlmSpec['userPrompts'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, 'must be an array of {Role, Content}');
  return value.map((p, i) => {
    const o = obj(`${field}[${i}]`, p, true)!;
    const role = oneOf(`${field}[${i}].Role`, o.Role, ['user', 'assistant'] as const);
    if (!role) throw invalid(`${field}[${i}].Role`, 'is required (user or assistant)');
    return { role, content: str(`${field}[${i}].Content`, o.Content, { required: true, max: 65_536 })! };
  });
}

function readTools(field: string, value: unknown): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(field, 'must be an array of function definitions');
  value.forEach((t, i) => {
    const o = obj(`${field}[${i}]`, t, true)!;
    if (o.type !== 'function') throw invalid(`${field}[${i}].type`, 'must be "function"');
    const fn = obj(`${field}[${i}].function`, o.function, true)!;
    str(`${field}[${i}].function.name`, fn.name, { required: true, max: 64 });
  });
  return value;
}

function readHeaders(field: string, value: unknown): Record<string, string> {
  const o = obj(field, value);
  if (!o) return {};
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(o)) {
    if (!HEADER_NAME.test(name)) throw invalid(`${field}.${name}`, 'is not a valid header name');
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw invalid(`${field}.${name}`, 'is set by the agent itself');
    if (typeof v !== 'string' || /[\r\n\0]/.test(v)) throw invalid(`${field}.${name}`, 'must be a one-line string');
    out[name] = v;
  }
  return out;
}

/** Custom: a JSON object, or a string holding one (the documented form). */
function readCustom(field: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === '') return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(field, 'must be a JSON object (or a string holding one)');
    }
  }
  const o = obj(field, parsed);
  for (const k of Object.keys(o ?? {})) if (RESERVED_BODY.has(k)) throw invalid(`${field}.${k}`, 'is set by the agent');
  return o ?? {};
}
