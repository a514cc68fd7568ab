import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { ChatModel } from './chat-model.js';
import type { LlmSpec } from './llm-config.js';
import { ScriptedModel } from './scripted-model.js';
import { StreamingModel, type StreamLimits } from './streaming-model.js';

/** The operator's OpenAI-compatible endpoint for ArkV3 and CozeBot (`--llm-endpoint`, RTC_LLM_ENDPOINT). */
export interface LlmEndpoint {
  url: string;
  /** RTC_LLM_API_KEY: sent as the bearer token. */
  apiKey?: string;
}

/**
 * The model an agent talks to: CustomLLM calls the developer's URL as configured, through `fetch` (the operator's
 * fetch policy); ArkV3 and CozeBot cannot reach their clouds, so they call the operator's endpoint (trusted: no
 * policy) with the same body (model = EndPointId / BotId), or, without one, the built-in scripted model.
 */
export function modelFor(
  llm: LlmSpec,
  endpoint: LlmEndpoint | undefined,
  limits: StreamLimits,
  fetch: OutboundFetch,
): ChatModel {
  const body: Record<string, unknown> = {
    model: llm.model,
    ...(llm.temperature !== undefined && { temperature: llm.temperature }),
    ...(llm.topP !== undefined && { top_p: llm.topP }),
    ...(llm.maxTokens !== undefined && { max_tokens: llm.maxTokens }),
    ...(llm.tools && { tools: llm.tools }),
    ...llm.custom,
  };
  if (llm.mode === 'CustomLLM') {
    return new StreamingModel({
      url: llm.url!,
      ...(llm.apiKey !== undefined && { apiKey: llm.apiKey }),
      headers: llm.extraHeaders,
      body,
      limits,
      fetch,
    });
  }
  if (!endpoint) return new ScriptedModel(llm.tools);
  return new StreamingModel({
    url: endpoint.url,
    ...(endpoint.apiKey !== undefined && { apiKey: endpoint.apiKey }),
    headers: {},
    body,
    limits,
  });
}
