import type { SubtitleLine } from '@rtc-openapi/api';
import type { Logger } from 'pino';
import type { CallbackEvents, Transaction } from '../events/outbox-writer.js';
import { VoiceEventType } from '../events/event-types.js';
import type { VoiceStore } from './voice-store.js';
import { subtitleEntry, type VoiceTranscripts } from './voice-transcripts.js';

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

export interface VoiceEventsDeps {
  events: CallbackEvents & { transaction: Transaction };
  /** Keeps each event in its task's timeline, in the event's transaction. */
  history: Pick<VoiceStore, 'appendEvent'>;
  /** The live transcripts the console follows. */
  transcripts: VoiceTranscripts;
  now: () => number;
  logger?: Logger;
}

/**
 * What an agent tells the outside: the console callback `VoiceChat` (research 4.6) through the outbox, each event
 * in its own small transaction (the agent's state lives in memory) with its line in the task's timeline, delivery
 * woken when a subscription took it; and, for the console, its stages and subtitles in the live transcript.
 */
export class VoiceEvents {
  readonly #deps: VoiceEventsDeps;

  constructor(deps: VoiceEventsDeps) {
    this.#deps = deps;
  }

  /** A subtitle line the agent sends (or would send, were subtitles to the room off): the live transcript's. */
  subtitle(task: VoiceTaskRef, line: SubtitleLine): void {
    this.#deps.transcripts.add(task, subtitleEntry(line, this.#deps.now()));
  }

  /** Enqueues the event; inside `transaction` when the caller writes state with it. */
  emit(task: VoiceTaskRef, e: VoiceChatEvent, transaction?: () => void): void {
    const { events, history, transcripts, logger } = this.#deps;
    const at = this.#deps.now();
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
    const detail = e.error ? `${e.error.code}: ${e.error.reason}` : stopReasonOf(e);
    let eventId = undefined as string | undefined; // set in the transaction below
    let recorded = true;
    try {
      events.transaction(() => {
        transaction?.();
        eventId = events.enqueue({ appId: task.appId, eventType: VoiceEventType.VoiceChat, eventData: data, at });
        const { roundId, runStage, eventType } = e;
        history.appendEvent(task, { at, roundId, runStage, eventType, detail, eventId: eventId ?? '' });
      });
    } catch (error) {
      eventId = undefined;
      recorded = false;
      logger?.error({ err: error, taskId: task.taskId }, 'a VoiceChat event could not be written');
    }
    if (e.runStage === 'taskStart') transcripts.began(task);
    transcripts.add(task, {
      kind: 'stage',
      at,
      roundId: e.roundId,
      stage: e.runStage,
      eventType: e.eventType,
      ...(eventId && { eventId }),
      ...(!recorded && { unrecorded: true as const }),
      ...(e.error && { error: e.error }),
      ...(detail && { detail }),
    });
    if (e.runStage === 'taskStop') transcripts.ended(task);
  }
}

function stopReasonOf(e: VoiceChatEvent): string {
  const extra = e.extra ?? {};
  return [extra.StopReason, extra.Detail].filter((part) => typeof part === 'string' && part !== '').join(': ');
}
