import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonBody, sendJson } from '../admin/admin-http.js';
import { optionalInteger } from '../admin/admin-input.js';
import { timelineEntry } from '../admin/task-admin.js';
import type { DeliveryLogStore } from '../events/event-store.js';
import { RecordError } from '../store/record-error.js';
import type { VoiceStore, VoiceTaskKey, VoiceTaskRow } from '../voice/voice-store.js';
import type { VoiceTranscripts } from '../voice/voice-transcripts.js';
import { taskKeyIn } from './console-input.js';
import { KEEP_ALIVE_MS, sseEvent, type EventStreams } from './event-stream.js';
import type { ConsoleVoiceSpeaker } from './voice-speaker.js';

/** What the console's voice agent pages read and drive. */
export interface ConsoleVoice {
  store: Pick<VoiceStore, 'list' | 'get' | 'events'>;
  transcripts: VoiceTranscripts;
  speaker: ConsoleVoiceSpeaker;
  /** How each VoiceChat callback was delivered (the timeline shows it). */
  deliveries: Pick<DeliveryLogStore, 'deliveriesOfEvent'>;
}

const BODY_LIMIT = 16 * 1024;
const TIMELINE_LIMIT = 500;

/**
 * `/console/api/voice/...`: the voice agent tasks (list, timeline), an agent's live transcript as server-sent
 * events, and the box that speaks to it as its target user. False when the route is not one of these.
 */
export async function serveVoice(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  query: URLSearchParams,
  voice: ConsoleVoice,
  streams: EventStreams,
): Promise<boolean> {
  switch (route) {
    case 'GET /voice/tasks': {
      req.resume();
      const { total, rows } = voice.store.list(paging(query));
      return answer(res, { total, tasks: rows.map((row) => taskView(row, voice)) });
    }
    case 'GET /voice/timeline': {
      req.resume();
      const key = taskKeyIn(Object.fromEntries(query));
      const row = voice.store.get(key);
      if (!row)
        throw new RecordError(
          'not-found',
          `there is no voice agent task with taskId ${key.taskId} in room ${key.roomId}`,
          'taskId',
        );
      const { total, events } = voice.store.events(key, TIMELINE_LIMIT);
      const timeline = events.map((e) => stageLine(voice, { ...e, stage: e.runStage }));
      return answer(res, { task: taskView(row, voice), total, timeline });
    }
    case 'GET /voice/transcript':
      watchTranscript(req, res, taskKeyIn(Object.fromEntries(query)), voice, streams);
      return true;
    case 'POST /voice/speak': {
      const body = await readJsonBody(req, BODY_LIMIT);
      const text = typeof body.text === 'string' ? body.text : '';
      return answer(res, voice.speaker.speak(taskKeyIn(body), text));
    }
    case 'POST /voice/leave': {
      const body = await readJsonBody(req, BODY_LIMIT);
      return answer(res, { left: voice.speaker.leave(taskKeyIn(body)) });
    }
    default:
      return false;
  }
}

function answer(res: ServerResponse, value: unknown): true {
  sendJson(res, 200, value);
  return true;
}

/** A VoiceChat event as a timeline line, with how its callback was delivered. */
function stageLine(
  voice: ConsoleVoice,
  e: { at: number; eventType: number; stage: string; roundId: number; detail?: string; eventId?: string },
) {
  return timelineEntry(voice.deliveries, {
    at: e.at,
    entry: e.eventType === 1 ? 'error' : 'state',
    name: e.stage,
    detail: [e.roundId > 0 ? `round ${e.roundId}` : '', e.detail].filter(Boolean).join(', '),
    eventId: e.eventId ?? '',
  });
}

/**
 * `event: transcript` with everything so far, then `event: entry` per line or stage and `event: ended`; with each
 * stage also `event: timeline`, its line in the task's timeline (written before the stage is told), so that the page
 * follows the timeline with no request.
 */
function watchTranscript(
  req: IncomingMessage,
  res: ServerResponse,
  key: VoiceTaskKey,
  voice: ConsoleVoice,
  streams: EventStreams,
) {
  const { transcripts } = voice;
  const kept = transcripts.read(key);
  if (!kept) {
    req.resume();
    throw new RecordError(
      'not-found',
      `no transcript of task ${key.taskId} in room ${key.roomId}: transcripts are kept in memory for agents started since the server started`,
      'taskId',
    );
  }
  streams.start(req, res);
  res.write(sseEvent('transcript', kept));
  const stop = transcripts.watch(key, {
    entry: (entry) => {
      res.write(sseEvent('entry', entry));
      if (entry.kind === 'stage' && !entry.unrecorded) res.write(sseEvent('timeline', stageLine(voice, entry)));
    },
    ended: () => res.write(sseEvent('ended', {})),
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
  res.on('close', () => {
    stop();
    clearInterval(keepAlive);
  });
}

function taskView(row: VoiceTaskRow, voice: ConsoleVoice) {
  return { ...row, transcript: voice.transcripts.read(row) !== undefined, standIn: voice.speaker.hasStandIn(row) };
}

function paging(query: URLSearchParams): { offset: number; limit: number } {
  const input = Object.fromEntries(query);
  return {
    offset: optionalInteger(input, 'offset', { min: 0, max: 1_000_000 }) ?? 0,
    limit: optionalInteger(input, 'limit', { min: 1, max: 500 }) ?? 100,
  };
}
