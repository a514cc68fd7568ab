import type { Logger } from 'pino';
import type { CallbackEvents, Transaction } from '../events/outbox-writer.js';
import type { VirtualMembers } from '../rooms/virtual-members.js';
import type { Database } from '../store/database.js';
import { TimeScale } from '../tasks/time-scale.js';
import type { LlmEndpoint } from './model-for.js';
import type { StreamLimits } from './streaming-model.js';
import { VoiceAgents } from './voice-agents.js';
import { VoiceEvents } from './voice-events.js';
import { SqliteVoiceStore } from './sqlite-voice-store.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { VoiceStore } from './voice-store.js';
import { VoiceTranscripts } from './voice-transcripts.js';

export interface VoiceModuleDeps {
  /** Opened with the voice migrations applied. */
  db: Database;
  members: VirtualMembers;
  /** The callback outbox and its transaction (the rooms module's OutboxWriter). */
  events: CallbackEvents & { transaction: Transaction };
  clock: () => number;
  logger?: Logger;
  /** RTC_TIME_SCALE: the agent's timers (idle, speech, the LLM's limits) run this many times faster. Default 1. */
  timeScale?: number;
  llmEndpoint?: LlmEndpoint;
  limits?: Partial<StreamLimits>;
  /** How the developer's URLs (CustomLLM, server messages) are reached: the operator's fetch policy. */
  fetch?: OutboundFetch;
}

export interface VoiceModule {
  agents: VoiceAgents;
  /** The agents' tasks and their timelines (the console's list). */
  store: VoiceStore;
  /** The agents' live transcripts (the console follows them). */
  transcripts: VoiceTranscripts;
  /** Ends every running agent (UnknownStopReason), before the rooms close. */
  close(): void;
}

/** The AI voice agents (docs/voice-agent.md); ends what a previous run left running. */
export function createVoiceModule(deps: VoiceModuleDeps): VoiceModule {
  const store = new SqliteVoiceStore(deps.db);
  const transcripts = new VoiceTranscripts();
  const events = new VoiceEvents({
    events: deps.events,
    history: store,
    transcripts,
    now: deps.clock,
    ...(deps.logger && { logger: deps.logger }),
  });
  const agents = new VoiceAgents({
    members: deps.members,
    events,
    store,
    scale: new TimeScale(deps.timeScale ?? 1),
    now: deps.clock,
    ...(deps.logger && { logger: deps.logger }),
    ...(deps.llmEndpoint && { llmEndpoint: deps.llmEndpoint }),
    ...(deps.limits && { limits: deps.limits }),
    ...(deps.fetch && { fetch: deps.fetch }),
  });
  return { agents, store, transcripts, close: () => agents.close() };
}
