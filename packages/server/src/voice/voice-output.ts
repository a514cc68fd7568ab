import {
  encodeVoiceFrame,
  type ConversationStageCode,
  type SubtitleLine,
  type ToolCallMessage,
} from '@rtc-openapi/api';
import type { Logger } from 'pino';
import type { VirtualMember } from '../rooms/virtual-members.js';
import type { AgentSpec } from './agent-spec.js';
import { MessagePoster, type PostResult } from './message-poster.js';
import type { RunStage, VoiceEvents } from './voice-events.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';

const STAGES: Record<ConversationStageCode, RunStage | 'unknown'> = {
  0: 'unknown',
  1: 'listening',
  2: 'thinking',
  3: 'speaking',
  4: 'interrupted',
  5: 'finished',
};

export interface RuntimeError {
  code: number;
  reason: string;
  stage: RunStage;
}

/**
 * Everything the agent says, to where it goes: `subv`, `conv` and `tool` frames to the room (binary messages from
 * the agent's member), the same frames POSTed to the task's server-message URLs, and the VoiceChat console event.
 */
export class VoiceOutput {
  readonly #spec: AgentSpec;
  readonly #member: VirtualMember;
  readonly #events: VoiceEvents;
  readonly #poster: MessagePoster;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;

  constructor(deps: {
    spec: AgentSpec;
    member: VirtualMember;
    events: VoiceEvents;
    now: () => number;
    /** How the server-message URLs are reached (the operator's fetch policy). */
    fetch: OutboundFetch;
    logger?: Logger;
  }) {
    this.#spec = deps.spec;
    this.#member = deps.member;
    this.#events = deps.events;
    this.#now = deps.now;
    this.#logger = deps.logger;
    this.#poster = new MessagePoster(deps.fetch, deps.logger);
  }

  get poster(): MessagePoster {
    return this.#poster;
  }

  /**
   * A subtitle line: to the room unless DisableRTSSubtitle; each complete sentence to SubtitleConfig.ServerMessageUrl;
   * always to the console's live transcript.
   */
  subtitle(line: SubtitleLine): void {
    this.#events.subtitle(this.#spec, line);
    const frame = encodeVoiceFrame('subv', { type: 'subtitle', data: [line] });
    if (this.#spec.subtitlesToRoom) this.#toRoom(frame);
    if (line.definite && this.#spec.subtitleTarget) this.#poster.post(this.#spec.subtitleTarget, frame);
  }

  /** A conversation stage: `conv` to the room and ServerMessageURLForRTS when state callbacks are on; VoiceChat always. */
  stage(roundId: number, code: ConversationStageCode, error?: RuntimeError): void {
    const description = STAGES[code];
    if (this.#spec.stateCallbacks) {
      const frame = encodeVoiceFrame('conv', {
        TaskId: this.#spec.taskId,
        UserID: this.#spec.agentUserId,
        RoundID: roundId,
        EventTime: this.#now(),
        Stage: { Code: code, Description: description },
        ...(error && { ErrorInfo: { Errorcode: error.code, Reason: error.reason } }),
      });
      this.#toRoom(frame);
      if (this.#spec.stateTarget) this.#poster.post(this.#spec.stateTarget, frame);
    }
    if (description !== 'unknown') this.#events.emit(this.#spec, { roundId, eventType: 0, runStage: description });
  }

  /** A runtime error (codes 1000001-1006002): the VoiceChat event with EventType 1, and a `conv` frame with it. */
  error(roundId: number, error: RuntimeError): void {
    this.#logger?.warn({ taskId: this.#spec.taskId, code: error.code, reason: error.reason }, 'voice agent error');
    this.#events.emit(this.#spec, {
      roundId,
      eventType: 1,
      runStage: error.stage,
      error: { code: error.code, reason: error.reason },
    });
  }

  /**
   * Function calls: POSTed to FunctionCallingConfig.ServerMessageUrl when set (failures come back through
   * `onPost`), otherwise a `tool` frame to the target user.
   */
  tool(message: ToolCallMessage, onPost: (r: PostResult) => void): void {
    const frame = encodeVoiceFrame('tool', message);
    if (this.#spec.functionTarget) this.#poster.post(this.#spec.functionTarget, frame, onPost);
    else this.#send(this.#spec.targetUserId, frame);
  }

  #toRoom(frame: Uint8Array): void {
    this.#send(undefined, frame);
  }

  #send(to: string | undefined, frame: Uint8Array): void {
    if (!this.#member.active) return;
    try {
      this.#member.sendBinary(to, frame);
    } catch (e) {
      // The target left between two frames: nothing to deliver to.
      this.#logger?.debug({ err: e, taskId: this.#spec.taskId }, 'a voice frame found nobody to go to');
    }
  }
}
