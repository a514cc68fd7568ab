import type { Logger } from 'pino';
import type { CallbackEvents, Transaction } from '../events/outbox-writer.js';
import { VoiceEventType } from '../events/event-types.js';

/** Who a VoiceChat event is about. */
export interface VoiceTaskRef {
  appId: string;
  businessId: string;
  roomId: string;
  taskId: string;
  agentUserId: string;
}

/** RunStage values (research 8: not captured; our choice, docs/voice-agent.md). */
export type RunStage =
  | 'taskStart'
  | 'listening'
  | 'thinking'
  | 'speaking'
  | 'interrupted'
  | 'finished'
  | 'taskStop'
  | 'config'
  | 'asr'
  | 'llm'
  | 'functionCalling'
  | 'avatar';

export interface VoiceChatEvent {
  roundId: number;
  /** 0 a state change, 1 an error. */
  eventType: 0 | 1;
  runStage: RunStage;
  error?: { code: number; reason: string };
  extra?: Record<string, unknown>;
}

/**
 * The console callback `VoiceChat` (research 4.6) through the outbox: each event in its own small transaction
 * (the agent's state lives in memory), delivery woken when a subscription took it.
 */
export class VoiceEvents {
  readonly #events: CallbackEvents & { transaction: Transaction };
  readonly #now: () => number;
  readonly #logger: Logger | undefined;

  constructor(deps: { events: CallbackEvents & { transaction: Transaction }; now: () => number; logger?: Logger }) {
    this.#events = deps.events;
    this.#now = deps.now;
    this.#logger = deps.logger;
  }

  /** Enqueues the event; inside `transaction` when the caller writes state with it. */
  emit(task: VoiceTaskRef, e: VoiceChatEvent, transaction?: () => void): void {
    const at = this.#now();
    const data = {
      AppId: task.appId,
      BusinessId: task.businessId,
      RoomId: task.roomId,
      TaskId: task.taskId,
      UserID: task.agentUserId,
      RoundID: e.roundId,
      EventTime: at,
      EventType: e.eventType,
      RunStage: e.runStage,
      ...(e.error && { ErrorInfo: { Errorcode: e.error.code, Reason: e.error.reason } }),
      ExtraInfo: JSON.stringify(e.extra ?? {}),
    };
    try {
      this.#events.transaction(() => {
        transaction?.();
        this.#events.enqueue({ appId: task.appId, eventType: VoiceEventType.VoiceChat, eventData: data, at });
      });
    } catch (error) {
      this.#logger?.error({ err: error, taskId: task.taskId }, 'a VoiceChat event could not be written');
    }
  }
}
