import type { ParamsOf } from '@rtc-openapi/api';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.js';
import { PresenceError } from '../rooms/presence-error.js';
import type { VirtualMembers } from '../rooms/virtual-members.js';
import type { TimeScale } from '../tasks/time-scale.js';
import { readAgentCommand } from './agent-command.js';
import { readAgentSpec, type AgentSpec } from './agent-spec.js';
import { modelFor, type LlmEndpoint } from './model-for.js';
import { LLM_FIRST_RESPONSE_MS } from './speech-timing.js';
import type { StreamLimits } from './streaming-model.js';
import { VoiceAgent, type AgentStopReason } from './voice-agent.js';
import type { VoiceEvents } from './voice-events.js';
import type { VoiceStore, VoiceTaskKey, VoiceTaskRow } from './voice-store.js';
import { defaultOutboundFetch, type OutboundFetch } from '../net/guarded-fetch.js';

type StartParams = ParamsOf<'StartVoiceChat', '2025-06-01'>;
type UpdateParams = ParamsOf<'UpdateVoiceChat', '2025-06-01'>;

export interface VoiceAgentsDeps {
  members: VirtualMembers;
  events: VoiceEvents;
  store: VoiceStore;
  scale: TimeScale;
  now: () => number;
  logger?: Logger;
  /** ArkV3 and CozeBot go here when set (`--llm-endpoint`); the scripted model otherwise. */
  llmEndpoint?: LlmEndpoint;
  /** The model's time limits in wall ms (default: the documented 10 s first response, time-scaled). */
  limits?: Partial<StreamLimits>;
  /** How the developer's URLs (CustomLLM, server messages) are reached; default the default fetch policy's. */
  fetch?: OutboundFetch;
}

const keyOf = (k: VoiceTaskKey): string => `${k.appId}\u0000${k.roomId}\u0000${k.taskId}`;

/**
 * The running voice agents by AppId + RoomId + TaskId, and their rows. Start refuses a running TaskId
 * (InvalidParameter.TaskAlreadyExists); Update and Stop of one not running answer
 * InvalidParameter.ErrorActiveTaskNotFound. Agents live in memory: a row a previous run left running is ended at
 * start-up with UnknownStopReason and a VoiceChat event saying so (docs/voice-agent.md).
 */
export class VoiceAgents {
  readonly #agents = new Map<string, VoiceAgent>();
  readonly #deps: VoiceAgentsDeps;
  readonly #limits: StreamLimits;

  constructor(deps: VoiceAgentsDeps) {
    this.#deps = deps;
    const first = deps.scale.wallMs(LLM_FIRST_RESPONSE_MS);
    this.#limits = {
      firstResponseMs: first,
      stallMs: first,
      totalMs: deps.scale.wallMs(120_000),
      maxBytes: 8 * 1024 * 1024,
      ...deps.limits,
    };
    this.#recover();
  }

  start(appId: string, apiVersion: string, params: StartParams): void {
    const now = this.#deps.now();
    const spec = readAgentSpec(appId, params, now);
    const key = { appId, roomId: spec.roomId, taskId: spec.taskId };
    if (this.#agents.has(keyOf(key))) {
      throw new ApiError('InvalidParameter.TaskAlreadyExists', `task ${key.taskId} is running in room ${key.roomId}`);
    }
    const fetch = this.#deps.fetch ?? defaultOutboundFetch;
    const model = modelFor(spec.llm, this.#deps.llmEndpoint, this.#limits, fetch);
    const row: VoiceTaskRow = {
      ...key,
      businessId: spec.businessId,
      apiVersion,
      agentUserId: spec.agentUserId,
      targetUserId: spec.targetUserId,
      state: 'running',
      startTime: now,
      endTime: 0,
      stopReason: '',
      detail: '',
    };
    this.#deps.store.put(row);
    let agent: VoiceAgent;
    try {
      agent = VoiceAgent.start({
        spec,
        members: this.#deps.members,
        events: this.#deps.events,
        model,
        scale: this.#deps.scale,
        now: this.#deps.now,
        fetch,
        ...(this.#deps.logger && { logger: this.#deps.logger }),
        onEnded: (reason, detail) => this.#ended(spec, reason, detail),
      });
    } catch (e) {
      this.#deps.store.end(key, now, 'StartTaskFailed', e instanceof Error ? e.message : 'start failed');
      if (e instanceof PresenceError) throw refusedJoin(spec, e);
      throw e;
    }
    this.#agents.set(keyOf(key), agent);
  }

  update(appId: string, params: UpdateParams): void {
    const command = readAgentCommand(params);
    this.#active({ appId, roomId: params.RoomId, taskId: params.TaskId }).command(command);
  }

  stop(key: VoiceTaskKey): void {
    this.#active(key).stop('StopByAPI', 'StopVoiceChat');
  }

  /** The task's row: its state, times, stop reason (tests, the admin view). */
  get(key: VoiceTaskKey): VoiceTaskRow | undefined {
    return this.#deps.store.get(key);
  }

  get running(): number {
    return this.#agents.size;
  }

  /** Server shutdown: every agent ends with UnknownStopReason (as a restart would end it). */
  close(): void {
    for (const agent of [...this.#agents.values()]) agent.stop('UnknownStopReason', 'the server is shutting down');
  }

  #active(key: VoiceTaskKey): VoiceAgent {
    const agent = this.#agents.get(keyOf(key));
    if (!agent) {
      throw new ApiError(
        'InvalidParameter.ErrorActiveTaskNotFound',
        `no running voice chat task ${key.taskId} in room ${key.roomId}`,
      );
    }
    return agent;
  }

  #ended(spec: AgentSpec, reason: AgentStopReason, detail: string): void {
    const key = { appId: spec.appId, roomId: spec.roomId, taskId: spec.taskId };
    this.#agents.delete(keyOf(key));
    const at = this.#deps.now();
    this.#deps.events.emit(
      spec,
      { roundId: 0, eventType: 0, runStage: 'taskStop', extra: { StopReason: reason, Detail: detail } },
      () => this.#deps.store.end(key, at, reason, detail),
    );
  }

  #recover(): void {
    for (const row of this.#deps.store.running()) {
      const detail = 'the server restarted while the agent was running';
      this.#deps.logger?.info({ taskId: row.taskId, roomId: row.roomId }, 'ending a voice agent the previous run left');
      this.#deps.events.emit(
        { ...row },
        { roundId: 0, eventType: 0, runStage: 'taskStop', extra: { StopReason: 'UnknownStopReason', Detail: detail } },
        () => this.#deps.store.end(row, this.#deps.now(), 'UnknownStopReason', detail),
      );
    }
  }
}

function refusedJoin(spec: AgentSpec, e: PresenceError): ApiError {
  if (e.code === 'AlreadyJoined') {
    return new ApiError('InvalidParameter', `AgentConfig.UserId ${spec.agentUserId} is already in room ${spec.roomId}`);
  }
  return new ApiError(
    'InvalidParameter',
    `AgentConfig.UserId ${spec.agentUserId} cannot join room ${spec.roomId}: ${e.message}`,
  );
}
