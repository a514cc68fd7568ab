import { decodeVoiceFrame, type ServerFrame } from '@rtc-openapi/api';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.js';
import type { VirtualMember, VirtualMemberEnd, VirtualMembers } from '../rooms/virtual-members.js';
import type { TimeScale } from '../tasks/time-scale.js';
import { readAgentCommand, readFunctionAnswer, type AgentCommand } from './agent-command.js';
import type { AgentSpec } from './agent-spec.js';
import type { ChatModel } from './chat-model.js';
import { Conversation } from './conversation.js';
import { SimulatedAsr } from './simulated-asr.js';
import { AgentTimers } from './speech-timing.js';
import type { VoiceEvents } from './voice-events.js';
import { VoiceOutput } from './voice-output.js';
import type { OutboundFetch } from '../net/guarded-fetch.js';

/** Why an agent left its room (ExtraInfo.StopReason of its last VoiceChat event; docs/voice-agent.md). */
export type AgentStopReason = 'StopByAPI' | 'IdleTimeOut' | 'Kicked' | 'RoomDismissed' | 'UnknownStopReason';

export interface VoiceAgentDeps {
  spec: AgentSpec;
  members: VirtualMembers;
  events: VoiceEvents;
  model: ChatModel;
  scale: TimeScale;
  now: () => number;
  /** How the developer's URLs (server messages) are reached: the operator's fetch policy. */
  fetch: OutboundFetch;
  logger?: Logger;
  /** Called once when the agent has ended, whatever ended it. */
  onEnded: (reason: AgentStopReason, detail: string) => void;
}

/** Runtime codes of the agent itself (catalog 3.3). */
const UNKNOWN_PARAMETER = 1000002;
const AVATAR_CONNECT = 1006001;

/**
 * One running agent: a visible member of its room (`AgentConfig.UserId`, publishing audio), its conversation and
 * stand-in ASR, the commands it takes (UpdateVoiceChat, `ctrl` and `func` frames from its target) and its end (Stop,
 * IdleTimeout without the target, KickUser, DismissRoom, the server shutting down).
 */
export class VoiceAgent {
  readonly spec: AgentSpec;
  readonly #deps: VoiceAgentDeps;
  readonly #timers: AgentTimers;
  #member!: VirtualMember;
  #output!: VoiceOutput;
  #conversation!: Conversation;
  #asr!: SimulatedAsr;
  #cancelIdle: (() => void) | undefined;
  #ended = false;

  private constructor(deps: VoiceAgentDeps) {
    this.spec = deps.spec;
    this.#deps = deps;
    this.#timers = new AgentTimers(deps.scale);
  }

  /** Joins the room and begins; throws PresenceError when the agent's UserId cannot join (in the room, banned). */
  static start(deps: VoiceAgentDeps): VoiceAgent {
    const agent = new VoiceAgent(deps);
    try {
      agent.#begin();
    } catch (e) {
      // Joined but not begun: nothing of it stays in the room.
      agent.#timers.dispose();
      if ((agent.#member as VirtualMember | undefined)?.active) agent.#member.leave();
      throw e;
    }
    return agent;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** A command from UpdateVoiceChat; InvalidParameter when a `function` answer matches no waiting call. */
  command(c: AgentCommand): void {
    switch (c.kind) {
      case 'interrupt':
        this.#conversation.interrupt();
        return;
      case 'function':
        if (!this.#conversation.functionAnswer(c.toolCallId, c.content)) {
          throw new ApiError(
            'InvalidParameter',
            `Message.ToolCallID ${c.toolCallId} is not a function call waiting for its answer`,
          );
        }
        return;
      case 'speak':
        this.#conversation.speak(c.text, c.priority);
        return;
      case 'prompt':
        this.#conversation.prompt(c.text);
        return;
      case 'userText':
        this.#conversation.userTurn(c.text, c.priority);
        return;
      case 'finishSpeech':
        this.#asr.finish();
        return;
    }
  }

  /** Ends the agent (idempotent): its turn is cut, it leaves the room, onEnded is told. */
  stop(reason: AgentStopReason, detail: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#conversation.close();
    this.#asr.close();
    this.#timers.dispose();
    this.#cancelIdle?.();
    this.#member.leave();
    // What is queued for the server-message URLs still goes, each POST bounded by its own time limit.
    const poster = this.#output.poster;
    const grace = setTimeout(() => poster.stop(), 5000);
    grace.unref();
    void poster.drain().then(() => clearTimeout(grace));
    this.#deps.onEnded(reason, detail);
  }

  #begin(): void {
    const { spec, logger } = this.#deps;
    this.#member = this.#deps.members.join(
      { appId: spec.appId, roomId: spec.roomId, userId: spec.agentUserId, deviceType: 'voice-agent' },
      { onFrame: (f) => this.#onFrame(f), onEnded: (e) => this.#onRemoved(e) },
    );
    this.#output = new VoiceOutput({
      spec,
      member: this.#member,
      events: this.#deps.events,
      now: this.#deps.now,
      fetch: this.#deps.fetch,
      ...(logger && { logger }),
    });
    this.#conversation = new Conversation({
      spec,
      model: this.#deps.model,
      output: this.#output,
      timers: this.#timers,
      ...(logger && { logger }),
    });
    this.#asr = new SimulatedAsr({
      spec,
      conversation: this.#conversation,
      output: this.#output,
      timers: this.#timers,
    });
    try {
      this.#member.publish('main', { audio: true });
    } catch (e) {
      // A BanUserStream on the agent's UserId: it talks (subtitles) without an audio stream.
      logger?.info({ err: e, taskId: spec.taskId }, 'the voice agent could not publish its audio');
    }
    this.#deps.events.emit(spec, { roundId: 0, eventType: 0, runStage: 'taskStart' });
    if (spec.unknownParams.length > 0) {
      this.#output.error(0, {
        code: UNKNOWN_PARAMETER,
        reason: `unknown parameters: ${spec.unknownParams.join(', ')}`,
        stage: 'config',
      });
    }
    if (spec.avatar) {
      this.#output.error(0, {
        code: AVATAR_CONNECT,
        reason: 'no avatar service is reachable from this server; the agent talks without one',
        stage: 'avatar',
      });
    }
    if (!this.#member.isPresent(spec.targetUserId)) this.#armIdle();
    this.#conversation.begin(spec.welcomeMessage);
  }

  #armIdle(): void {
    this.#cancelIdle?.();
    this.#cancelIdle = this.#timers.after(this.spec.idleTimeoutS * 1000, () =>
      this.stop('IdleTimeOut', `${this.spec.targetUserId} was absent for ${this.spec.idleTimeoutS} s`),
    );
  }

  #onFrame(f: ServerFrame): void {
    if (this.#ended) return;
    const target = this.spec.targetUserId;
    if (f.type === 'userJoined' && f.userId === target) {
      this.#cancelIdle?.();
      this.#cancelIdle = undefined;
    } else if (f.type === 'userLeft' && f.userId === target) {
      this.#armIdle();
    } else if (f.type === 'message' && f.from === target && f.binary !== undefined) {
      this.#onClientFrame(Buffer.from(f.binary, 'base64'));
    }
  }

  /** `func`, `ctrl` and `spch` from the target user; anything else, or a bad one, is logged and dropped. */
  #onClientFrame(bytes: Uint8Array): void {
    const decoded = decodeVoiceFrame(bytes);
    const log = this.#deps.logger;
    if (!decoded.ok) {
      log?.debug({ taskId: this.spec.taskId, problem: decoded.problem }, 'a voice frame was dropped');
      return;
    }
    try {
      const p = decoded.payload as Record<string, unknown>;
      switch (decoded.magic) {
        case 'func':
          this.command(readFunctionAnswer(p, 'func'));
          return;
        case 'ctrl':
          this.command(readAgentCommand(p ?? {}));
          return;
        case 'spch':
          if (typeof p?.Text === 'string') this.#asr.hear(p.Text);
          return;
        default:
          log?.debug({ taskId: this.spec.taskId, magic: decoded.magic }, 'a voice frame of unknown magic was dropped');
      }
    } catch (e) {
      if (e instanceof ApiError)
        log?.debug({ taskId: this.spec.taskId, problem: e.message }, 'a voice frame was refused');
      else log?.error({ err: e, taskId: this.spec.taskId }, 'a voice frame could not be handled');
    }
  }

  /** The room ended the agent's membership (not its own leave). */
  #onRemoved(e: VirtualMemberEnd): void {
    if (this.#ended) return;
    const reason: AgentStopReason =
      e.reason === 'Kicked' ? 'Kicked' : e.reason === 'RoomDismissed' ? 'RoomDismissed' : 'UnknownStopReason';
    this.stop(reason, `the agent left the room: ${e.reason}`);
  }
}
